import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { createDatabase } from "@/db";
import { applyMigrations } from "@/db/migrate";

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
  const server = await startEmbeddedPostgres({ dataDir: path.resolve(".data/test-postgres"), database: templateDatabase });
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
  };
}
