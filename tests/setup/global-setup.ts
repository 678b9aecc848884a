// First: the vitest process and every process it starts may only reach loopback.
import "./network-jail.mjs";
import { rm } from "node:fs/promises";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { createDatabase } from "@/db";
import { applyMigrations } from "@/db/migrate";
import { ensureProductionBuild } from "./production-build";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
  }
}

export const templateDatabase = "billbridge_test_template";

/**
 * Starts the suite's own embedded PostgreSQL (no server needed on the machine) and prepares a
 * template database with every migration applied; each test file clones it into a database of its own.
 */
export default async function setup(project: TestProject) {
  // The guard run (a test that fails on purpose) needs no console.
  if (process.env.BILLBRIDGE_RUNNER_GUARD !== "1") ensureProductionBuild();
  // Reuse one data folder between runs (a restart takes ~0.3 s); when another run is using it (two
  // suites at once on a developer's machine), use a folder of this run's own and delete it afterwards.
  let dataDir = path.resolve(".data/test-postgres");
  let server;
  try {
    server = await startEmbeddedPostgres({ dataDir, database: templateDatabase });
  } catch (error) {
    if (!String(error).includes("already using")) throw error;
    dataDir = path.resolve(`.data/test-postgres-${process.pid}`);
    server = await startEmbeddedPostgres({ dataDir, database: templateDatabase });
  }
  const ownFolder = dataDir !== path.resolve(".data/test-postgres");
  const adminUrl = server.url.replace(/\/[^/]+$/, "/postgres");
  const admin = createDatabase(adminUrl, { max: 1 });
  // A template must have no connections while it is cloned; rebuild it each run so migrations are current.
  await admin.sql.unsafe(`drop database if exists ${templateDatabase} with (force)`);
  await admin.sql.unsafe(`create database ${templateDatabase}`);
  const template = createDatabase(server.url, { max: 1 });
  await applyMigrations(template.db);
  await template.sql.end();
  await admin.sql.end();
  project.provide("postgresAdminUrl", adminUrl);
  project.provide("templateDatabase", templateDatabase);
  return async () => {
    await server.stop();
    if (ownFolder) await rm(dataDir, { recursive: true, force: true });
  };
}
