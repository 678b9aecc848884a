import { statSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort, importEmbeddedPostgres, startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";

const folders = [
  path.resolve(`.data/test-superuser-new-${process.pid}`),
  path.resolve(`.data/test-superuser-old-${process.pid}`),
];

async function canSignIn(port: number, password: string): Promise<boolean> {
  const sql = postgres({ host: "127.0.0.1", port, user: "postgres", password, database: "postgres", max: 1 });
  try {
    await sql`select 1`;
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "28P01") return false;
    throw error;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function storedPassword(dataDir: string): string {
  return readFileSync(path.join(dataDir, "billbridge-superuser-password"), "utf8").trim();
}

describe("the embedded PostgreSQL's superuser password", () => {
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it("is generated for each data folder, kept in it readable by its owner only, and reused", async () => {
    const dataDir = folders[0]!;
    const first = await startEmbeddedPostgres({ dataDir, database: "app" });
    const password = storedPassword(dataDir);
    try {
      expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(statSync(path.join(dataDir, "billbridge-superuser-password")).mode & 0o777).toBe(0o600);
      expect(first.url).toContain(`:${password}@`);
      expect(await canSignIn(first.port, password)).toBe(true);
      expect(await canSignIn(first.port, "billbridge-local")).toBe(false);
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedPostgres({ dataDir, database: "app" });
    try {
      expect(storedPassword(dataDir)).toBe(password);
      expect(await canSignIn(second.port, password)).toBe(true);
    } finally {
      await second.stop();
    }
    // Another folder gets another password.
    const other = await startEmbeddedPostgres({ dataDir: folders[1]!, database: "app" });
    await other.stop();
    expect(storedPassword(folders[1]!)).not.toBe(password);
  }, 120_000);

  it("moves a folder made with the old shared password to one of its own, and it keeps working", async () => {
    const dataDir = folders[1]!;
    await rm(dataDir, { recursive: true, force: true });
    // A data folder as earlier versions made it: initialised with the shared constant password.
    const EmbeddedPostgres = await importEmbeddedPostgres();
    const port = await findFreePort();
    const legacy = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: "postgres",
      password: "billbridge-local",
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => {},
    });
    await legacy.initialise();
    await legacy.start();
    expect(await canSignIn(port, "billbridge-local")).toBe(true);
    await legacy.stop();

    const lines: string[] = [];
    const started = await startEmbeddedPostgres({ dataDir, database: "app", log: (line) => lines.push(line) });
    try {
      const password = storedPassword(dataDir);
      expect(password).not.toBe("billbridge-local");
      expect(lines.join("\n")).toMatch(/Replaced the embedded PostgreSQL's shared default superuser password/);
      expect(await canSignIn(started.port, "billbridge-local")).toBe(false);
      expect(await canSignIn(started.port, password)).toBe(true);
      const sql = postgres(started.url, { max: 1 });
      expect(await sql`select current_database() as name`).toEqual([{ name: "app" }]);
      await sql.end();
    } finally {
      await started.stop();
    }
  }, 120_000);
});
