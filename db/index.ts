import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;

interface DatabaseHandle {
  url: string;
  sql: postgres.Sql;
  db: Database;
}

// One client per process, kept on globalThis so Next's separately bundled server modules, the
// start script and the workers share it, and so `next build` never opens a connection.
const globalForDatabase = globalThis as typeof globalThis & { __billbridgeDatabase?: DatabaseHandle };

export function createDatabase(url: string, options: { max?: number } = {}): DatabaseHandle {
  const sql = postgres(url, {
    max: options.max ?? 20,
    onnotice: () => {},
    connection: { application_name: "billbridge" },
  });
  return { url, sql, db: drizzle(sql, { schema }) };
}

/** The process's database, created on first use from DATABASE_URL. */
export function getDb(): Database {
  return getDatabaseHandle().db;
}

export function getDatabaseHandle(): DatabaseHandle {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start Billbridge with `npm start`, which provides a database");
  const existing = globalForDatabase.__billbridgeDatabase;
  if (existing && existing.url === url) return existing;
  const handle = createDatabase(url);
  globalForDatabase.__billbridgeDatabase = handle;
  return handle;
}

export async function closeDb(): Promise<void> {
  const handle = globalForDatabase.__billbridgeDatabase;
  globalForDatabase.__billbridgeDatabase = undefined;
  await handle?.sql.end({ timeout: 5 });
}

export { schema };
