import path from "node:path";
import { inArray, sql } from "drizzle-orm";
import { createDatabase, type Database } from "@/db";
import { syncRuns } from "@/db/schema";
import type { Sandbox } from "@/sandbox/index";
import { applyMigrations } from "@/db/migrate";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "@/lib/runtime/embedded-postgres";

/** `--name value` and `--flag` arguments, with defaults. */
export function readFlags<T extends Record<string, number | string | boolean>>(
  defaults: T,
  argv = process.argv.slice(2),
): T {
  const result: Record<string, number | string | boolean> = { ...defaults };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (!argument.startsWith("--")) continue;
    const [name, inline] = argument.slice(2).split("=", 2) as [string, string | undefined];
    const key = name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
    if (!(key in defaults))
      throw new Error(
        `Unknown option --${name}. Options: ${Object.keys(defaults)
          .map((option) => `--${option}`)
          .join(", ")}`,
      );
    const fallback = defaults[key as keyof T];
    if (typeof fallback === "boolean") {
      result[key] = inline === undefined ? true : inline !== "false";
      continue;
    }
    const value = inline ?? argv[++index];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    result[key] = typeof fallback === "number" ? Number(value) : value;
    if (typeof fallback === "number" && !Number.isFinite(result[key])) throw new Error(`--${name} must be a number`);
  }
  return result as T;
}

export interface ScratchDatabase {
  url: string;
  db: Database;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database on the benchmarks' own embedded PostgreSQL (.data/bench-postgres), so
 * figures never mix with the console's data. It becomes the process's DATABASE_URL.
 */
export async function startScratchDatabase(
  name: string,
): Promise<ScratchDatabase & { server: EmbeddedPostgresHandle }> {
  const server = await startEmbeddedPostgres({ dataDir: path.resolve(".data/bench-postgres"), database: "postgres" });
  const admin = createDatabase(server.url, { max: 1 });
  await admin.sql.unsafe(`drop database if exists ${name} with (force)`);
  await admin.sql.unsafe(`create database ${name}`);
  await admin.sql.end();
  const url = server.url.replace(/\/postgres$/, `/${name}`);
  const handle = createDatabase(url, { max: 10 });
  await applyMigrations(handle.db);
  process.env.DATABASE_URL = url;
  return {
    url,
    db: handle.db,
    server,
    close: async () => {
      await handle.sql.end({ timeout: 5 });
      await server.stop();
    },
  };
}

export function percentile(samples: number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index]!;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Prints rows as an aligned text table. */
export function printTable(title: string, rows: Array<Record<string, string | number>>): void {
  console.log(`\n${title}`);
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => String(row[column] ?? "").length)),
  );
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index]!)).join("  ");
  console.log(line(columns));
  console.log(line(widths.map((width) => "-".repeat(width))));
  for (const row of rows) console.log(line(columns.map((column) => String(row[column] ?? ""))));
}

export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Ctrl-C or SIGTERM during a benchmark still stops what it started (workers, the sandbox, the
 * embedded PostgreSQL), so no process is left behind.
 */
export function cleanUpOnSignal(cleanUp: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`\n${signal}: stopping…`);
      cleanUp()
        .catch((error) => console.error(error))
        .finally(() => process.exit(130));
    });
  }
}

/** Waits until none of the runs is queued or running any more. */
export async function waitForRuns(db: Database, runIds: string[], timeoutMs = 30 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db
      .select({ open: sql<number>`count(*) filter (where ${syncRuns.state} in ('queued','running'))::int` })
      .from(syncRuns)
      .where(inArray(syncRuns.id, runIds));
    if (row!.open === 0) return;
    if (Date.now() > deadline) throw new Error(`${row!.open} runs still open after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The sandbox's log of ConnectWise API requests, without its own control and login endpoints. */
export function apiRequests(sandbox: Sandbox) {
  return sandbox.requests().filter((entry) => !entry.path.startsWith("/__sandbox") && !entry.path.startsWith("/login"));
}
