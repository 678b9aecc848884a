import { PgBoss } from "pg-boss";
import type { SendOptions } from "pg-boss";
import type { z } from "zod";
import { getDb } from "@/db";
import type { JobDefinition } from "./define-job";
import { PermanentJobError } from "./define-job";
import { jobRegistry } from "./registry";
import { startWorkerHeartbeat, stopWorkerHeartbeat } from "@/lib/health/worker-heartbeat";
import { errorFields, logFor } from "@/lib/logging/logger";

interface JobRuntimeState {
  boss?: PgBoss;
  starting?: Promise<PgBoss>;
  workersStarted?: boolean;
}

// Shared on globalThis: the start script, Next's bundled server actions and route handlers in the same
// process must use one pg-boss instance, and workers must never start twice (Next can evaluate
// modules more than once in development).
const globalForJobs = globalThis as typeof globalThis & { __billbridgeJobs?: JobRuntimeState };
const state: JobRuntimeState = (globalForJobs.__billbridgeJobs ??= {});

function connectionString(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set; the job queue needs the database");
  return url;
}

/** The process's pg-boss instance, started on first use (send-only unless workers are started). */
export function getJobQueue(): Promise<PgBoss> {
  if (state.boss) return Promise.resolve(state.boss);
  state.starting ??= (async () => {
    // LISTEN/NOTIFY wakes a worker the moment a job is sent ("Sync now" starts at once); polling
    // remains the fallback when notifications cannot be used (e.g. behind PgBouncer).
    const boss = new PgBoss({
      connectionString: connectionString(),
      schema: "pgboss",
      application_name: "billbridge-jobs",
      max: 10,
      useListenNotify: true,
    });
    boss.on("error", (error: unknown) => logFor({ component: "pg-boss" }).error(errorFields(error), "pg-boss error"));
    await boss.start();
    await ensureQueues(boss);
    state.boss = boss;
    return boss;
  })();
  return state.starting.catch((error) => {
    state.starting = undefined;
    throw error;
  });
}

async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const job of jobRegistry) {
    const options = {
      policy: job.policy ?? "standard",
      retryLimit: job.retry.limit,
      retryDelay: job.retry.delaySeconds,
      retryBackoff: job.retry.backoff,
      ...(job.retry.maxDelaySeconds === undefined ? {} : { retryDelayMax: job.retry.maxDelaySeconds }),
      expireInSeconds: job.expireInSeconds ?? 15 * 60,
      notify: true,
    };
    const existing = await boss.getQueue(job.name);
    if (!existing)
      await boss.createQueue(job.name, {
        ...options,
        ...(job.heartbeatSeconds ? { heartbeatSeconds: job.heartbeatSeconds } : {}),
      });
    else {
      const { policy: _policy, retryDelayMax: _retryDelayMax, ...updatable } = options;
      await boss.updateQueue(job.name, updatable);
    }
  }
}

/** Validates the payload against the job's schema and enqueues it. Returns the job id (null when deduplicated). */
export async function sendJob<Schema extends z.ZodType>(
  job: JobDefinition<Schema>,
  payload: z.input<Schema>,
  options: SendOptions = {},
): Promise<string | null> {
  const data = job.schema.parse(payload) as object;
  const boss = await getJobQueue();
  return boss.send(job.name, data, options);
}

/** Starts a worker for every registered job, and their schedules. Idempotent within a process. */
export async function startJobWorkers(options: { log?: (line: string) => void } = {}): Promise<void> {
  if (state.workersStarted) return;
  state.workersStarted = true;
  const log = options.log ?? ((line: string) => console.log(line));
  const boss = await getJobQueue();
  for (const job of jobRegistry) {
    // NOTIFY wakes an idle worker at once; the 1 s poll keeps a busy worker taking the next job of
    // a backlog (pg-boss's default backstop of 30 s would leave it idle between jobs).
    await boss.work(
      job.name,
      { localConcurrency: job.concurrency ?? 2, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 },
      async ([pending]) => {
        if (!pending) return;
        return runJob(job, pending.data, {
          jobId: pending.id,
          retryCount: (pending as { retryCount?: number }).retryCount ?? 0,
        });
      },
    );
    if (job.schedule) await boss.schedule(job.name, job.schedule.cron, job.schedule.payload as object, { tz: "UTC" });
  }
  await startWorkerHeartbeat();
  log(`[jobs] workers started for ${jobRegistry.map((job) => job.name).join(", ")}`);
}

/** Runs one job's handler with a validated payload. Invalid payloads and permanent errors are not retried. */
export async function runJob(
  job: JobDefinition,
  rawPayload: unknown,
  meta: { jobId: string; retryCount: number },
): Promise<unknown> {
  const parsed = job.schema.safeParse(rawPayload);
  const ids = (parsed.success ? parsed.data : {}) as { workspaceId?: string; mappingId?: string; runId?: string };
  const logger = logFor({
    job: job.name,
    jobId: meta.jobId,
    workspaceId: ids.workspaceId,
    mappingId: ids.mappingId,
    runId: ids.runId,
  });
  const log = (message: string, details?: Record<string, unknown>) => logger.info(details ?? {}, message);
  if (!parsed.success) {
    log("invalid payload, not retried", { issues: parsed.error.issues.map((issue) => issue.message) });
    return { skipped: "invalid payload" };
  }
  try {
    return await job.handler(parsed.data, { db: getDb(), jobId: meta.jobId, retryCount: meta.retryCount, log });
  } catch (error) {
    if (error instanceof PermanentJobError) {
      log(`failed permanently: ${error.message}`);
      const boss = await getJobQueue();
      await boss.fail(job.name, meta.jobId, { message: error.message });
      // pg-boss would retry a thrown error; the job is already marked failed above.
      return { failed: error.message };
    }
    throw error;
  }
}

/** Stops workers (letting running jobs finish, up to the timeout) and the queue's connections. */
export async function stopJobs(timeoutMs = 20_000): Promise<void> {
  const boss = state.boss ?? (state.starting ? await state.starting.catch(() => undefined) : undefined);
  state.boss = undefined;
  state.starting = undefined;
  if (state.workersStarted) await stopWorkerHeartbeat();
  state.workersStarted = false;
  if (boss) await boss.stop({ graceful: true, timeout: timeoutMs });
}
