import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import type { Database } from "./index";

export const migrationsFolder = path.resolve(import.meta.dirname, "migrations");

/** Applies the committed drizzle-kit migrations (journal in db/migrations/meta). Safe to run on every start. */
export async function applyMigrations(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder, migrationsSchema: "drizzle" });
}
