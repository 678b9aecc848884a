import path from "node:path";
import { closeDb, getDb } from "@/db";
import { applyMigrations } from "@/db/migrate";
import { seedDemoWorkspace } from "@/db/seed";
import { EnvironmentError, parseEnvironment, type Environment } from "@/lib/env";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "./embedded-postgres";
import { ensureLocalSecrets, loadEnvFile } from "./local-env";

export const projectRoot = path.resolve(import.meta.dirname, "../..");
export const localEnvFile = path.join(projectRoot, ".env.local");

export interface Runtime {
  environment: Environment;
  embedded: EmbeddedPostgresHandle | null;
  demo: boolean;
  /** Stops what prepareRuntime started, in reverse order. */
  close(): Promise<void>;
}

export function log(line: string): void {
  console.log(`[billbridge] ${line}`);
}

/**
 * The start-up shared by `npm start`, `npm run dev` and `npm run worker`: secrets, environment,
 * database (embedded when DATABASE_URL is unset), migrations and, in demo mode, the demo seed.
 */
export async function prepareRuntime(options: {
  allowEmbedded: boolean;
  nodeEnv: "production" | "development";
}): Promise<Runtime> {
  (process.env as Record<string, string | undefined>).NODE_ENV ??= options.nodeEnv;
  loadEnvFile(localEnvFile);
  const generated = ensureLocalSecrets(localEnvFile);
  if (generated.length > 0) log(`Generated ${generated.join(" and ")} into .env.local`);

  let embedded: EmbeddedPostgresHandle | null = null;
  const usesEmbedded = !process.env.DATABASE_URL;
  if (usesEmbedded) {
    if (!options.allowEmbedded) {
      throw new EnvironmentError(["DATABASE_URL is required: separate workers must share the web process's database"]);
    }
    // Without a database server of its own, Billbridge runs as a self-contained trial: demo data,
    // and the local ConnectWise sandbox allowed as a connection target.
    process.env.BILLBRIDGE_DEMO ??= "1";
    process.env.CW_ALLOW_PRIVATE_HOSTS ??= "1";
  }
  const environment = parseEnvironment(process.env);
  if (usesEmbedded) {
    const started = Date.now();
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(projectRoot, ".data/postgres"),
      database: "billbridge",
      log,
    });
    process.env.DATABASE_URL = embedded.url;
    log(`Embedded PostgreSQL ready on 127.0.0.1:${embedded.port} (.data/postgres) in ${Date.now() - started} ms`);
  }
  try {
    await applyMigrations(getDb());
    const demo = environment.BILLBRIDGE_DEMO;
    if (demo) {
      const seeded = await seedDemoWorkspace(getDb());
      if (seeded.created) log("Seeded the demo workspace");
    }
    return {
      environment,
      embedded,
      demo,
      close: async () => {
        await closeDb();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await closeDb().catch(() => {});
    await embedded?.stop().catch(() => {});
    throw error;
  }
}

/** Runs `main`, turning environment problems into a clear message and exit code 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error) => {
    if (error instanceof EnvironmentError) console.error(`[billbridge] ${error.message}`);
    else console.error("[billbridge] Start-up failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

/**
 * Calls `shutdown` once on SIGINT or SIGTERM; a second signal exits at once. The process exits when
 * shutdown finishes.
 */
export function onTerminationSignal(shutdown: (signal: string) => Promise<void>): void {
  let stoppingSince: number | null = null;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stoppingSince !== null) {
        // Ctrl-C reaches every process of the group, and npm and tsx relay it too, so the same
        // signal often arrives twice at once; only a later, deliberate one forces the exit.
        if (Date.now() - stoppingSince < 3000) return;
        log("Forced exit");
        process.exit(130);
      }
      stoppingSince = Date.now();
      log(`${signal} received, stopping…`);
      shutdown(signal)
        .then(() => process.exit(0))
        .catch((error) => {
          console.error("[billbridge] Error while stopping:", error);
          process.exit(1);
        });
    });
  }
}
