import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { createDatabase, type Database } from "@/db";

export interface TestDatabase {
  url: string;
  db: Database;
}

/**
 * A fresh database for one test file, cloned from the migrated template and dropped after the file.
 * Pass `migrated: false` for an empty database.
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject("postgresAdminUrl");
  const name = `billbridge_test_${randomBytes(6).toString("hex")}`;
  const admin = createDatabase(adminUrl, { max: 1 });
  const template = options.migrated === false ? "template0" : inject("templateDatabase");
  await admin.sql.unsafe(`create database ${name} template ${template}`);
  await admin.sql.end();
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const handle = createDatabase(url, { max: 5 });
  // Code under test that uses the process-wide database or job queue (getDb, sendJob) reaches this one.
  process.env.DATABASE_URL = url;
  afterAll(async () => {
    const { stopJobs } = await import("@/jobs/send");
    const { closeDb } = await import("@/db");
    await stopJobs(5_000).catch(() => {});
    await closeDb().catch(() => {});
    await handle.sql.end({ timeout: 5 });
    const cleanup = createDatabase(adminUrl, { max: 1 });
    await cleanup.sql.unsafe(`drop database if exists ${name} with (force)`);
    await cleanup.sql.end();
  });
  return { url, db: handle.db };
}
