/**
 * The send side of the job runtime: the process's pg-boss instance and sendJob. It knows the queues
 * (jobs/queues.ts) but no handler; the worker side (jobs/worker.ts) is imported only where workers start.
 */
import { PgBoss } from "pg-boss";
import type { Db, JobInsert, JobWithMetadata, SendOptions } from "pg-boss";
import type postgres from "postgres";
import type { z } from "zod";
import type { Database } from "@/db";
import type { JobQueue } from "./define-job";
import { jobQueues } from "./queues";
import { stopWorkerHeartbeat } from "@/lib/health/worker-heartbeat";
import { errorFields, logFor } from "@/lib/logging/logger";

/** A job whose handler is running in this process (recorded by the worker side). */
export interface ActiveJob {
  queue: string;
  /** True when pg-boss will try the job again after this attempt fails. */
  willRetry: boolean;
  /** Records on the job's own rows that it was interrupted (the job definition's `interrupted` hook). */
  interrupted?: (willRetry: boolean) => Promise<void>;
}

export interface JobRuntimeState {
  boss?: PgBoss;
  starting?: Promise<PgBoss>;
  workersStarted?: boolean;
  /** Jobs whose handler is running in this process, by job id. */
  active?: Map<string, ActiveJob>;
}

// Shared on globalThis: the start script, Next's bundled server actions and route handlers in the same
// process must use one pg-boss instance, and workers must never start twice (Next can evaluate
// modules more than once in development).
const globalForJobs = globalThis as typeof globalThis & { __billbridgeJobs?: JobRuntimeState };
export const jobRuntimeState: JobRuntimeState = (globalForJobs.__billbridgeJobs ??= {});
const state = jobRuntimeState;

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
  for (const queue of jobQueues) {
    const options = {
      policy: queue.policy ?? "standard",
      retryLimit: queue.retry.limit,
      retryDelay: queue.retry.delaySeconds,
      retryBackoff: queue.retry.backoff,
      ...(queue.retry.maxDelaySeconds === undefined ? {} : { retryDelayMax: queue.retry.maxDelaySeconds }),
      expireInSeconds: queue.expireInSeconds ?? 15 * 60,
      notify: true,
    };
    const existing = await boss.getQueue(queue.name);
    if (!existing)
      await boss.createQueue(queue.name, {
        ...options,
        ...(queue.heartbeatSeconds ? { heartbeatSeconds: queue.heartbeatSeconds } : {}),
      });
    else {
      const { policy: _policy, retryDelayMax: _retryDelayMax, ...updatable } = options;
      await boss.updateQueue(queue.name, updatable);
    }
  }
}

/**
 * Where a send runs. Given a drizzle transaction, the job is inserted on that transaction's connection
 * and commits or rolls back with the caller's rows (a run row and its job are never one without the
 * other); without one, pg-boss inserts it on its own connection.
 */
export interface SendWithin {
  transaction?: Database;
}

/**
 * pg-boss's database interface over a drizzle transaction: drizzle's postgres-js transaction runs on a
 * postgres.js transaction client (kept on its session), and pg-boss's statements run on that client as
 * they are, parameters included. Throws when given anything but a transaction, since a send that only
 * seemed transactional would bring back the very gap it is meant to close.
 */
export function jobDatabaseOf(transaction: Database): Db {
  const client = (transaction as unknown as { session?: { client?: postgres.TransactionSql } }).session?.client;
  if (!client || typeof client.unsafe !== "function" || typeof client.savepoint !== "function")
    throw new Error("jobDatabaseOf needs a drizzle transaction (db.transaction(async (transaction) => ...))");
  return {
    executeSql: async (text, values = []) => ({
      rows: [...(await client.unsafe(text, values as postgres.ParameterOrJSON<never>[]))],
    }),
  };
}

/** Validates the payload against the queue's schema and enqueues it. Returns the job id (null when deduplicated). */
export async function sendJob<Schema extends z.ZodType>(
  queue: JobQueue<Schema>,
  payload: z.input<Schema>,
  options: Omit<SendOptions, "db"> & SendWithin = {},
): Promise<string | null> {
  const { transaction, ...sendOptions } = options;
  const data = queue.schema.parse(payload) as object;
  const boss = await getJobQueue();
  return boss.send(queue.name, data, transaction ? { ...sendOptions, db: jobDatabaseOf(transaction) } : sendOptions);
}

/**
 * Validates and enqueues many jobs of one queue in one statement (pg-boss `insert`). Each job should
 * carry its own `id`; a job refused by the queue's policy (its singleton key already waiting) is left
 * out. Returns the ids of the jobs queued.
 */
export async function sendJobs<Schema extends z.ZodType>(
  queue: JobQueue<Schema>,
  jobs: ReadonlyArray<{ payload: z.input<Schema>; options: Omit<JobInsert, "data"> & { id: string } }>,
  within: SendWithin = {},
): Promise<Set<string>> {
  if (jobs.length === 0) return new Set();
  const rows = jobs.map((job) => ({ ...job.options, data: queue.schema.parse(job.payload) as object }));
  const boss = await getJobQueue();
  const ids = await boss.insert(queue.name, rows, {
    returnId: true,
    ...(within.transaction ? { db: jobDatabaseOf(within.transaction) } : {}),
  });
  return new Set(ids ?? []);
}

/** A job of the queue by its id, whatever its state (null when pg-boss holds no such job). */
export async function findJob(
  queue: JobQueue,
  params: { id: string } & SendWithin,
): Promise<Pick<JobWithMetadata, "id" | "state"> | null> {
  const boss = await getJobQueue();
  const [job] = await boss.findJobs(queue.name, {
    id: params.id,
    limit: 1,
    ...(params.transaction ? { db: jobDatabaseOf(params.transaction) } : {}),
  });
  return job ? { id: job.id, state: job.state } : null;
}

/** Raises a waiting job's priority (e.g. "Sync now" on an organization whose scheduled run waits). */
export async function raiseJobPriority(queue: JobQueue, params: { id: string; priority: number }): Promise<void> {
  const boss = await getJobQueue();
  await boss.update({ name: queue.name, options: { id: params.id, priority: params.priority } });
}

/**
 * Stops the queue's connections and, through pg-boss, any workers. Running jobs get `timeoutMs` to
 * finish; pg-boss then fails the ones still running, which hands them back to the queue, and each is
 * made to start again at once (after a restart, or on another worker) with its `interrupted` hook
 * recording that on its run.
 */
export async function stopJobs(timeoutMs = 20_000): Promise<void> {
  const boss = state.boss ?? (state.starting ? await state.starting.catch(() => undefined) : undefined);
  state.boss = undefined;
  state.starting = undefined;
  if (state.workersStarted) await stopWorkerHeartbeat();
  state.workersStarted = false;
  if (!boss) return;
  // The pool stays open past the workers' stop for the hand-back below; the second stop closes it.
  await boss.stop({ graceful: true, timeout: timeoutMs, close: false });
  const interrupted = [...(state.active ?? new Map<string, ActiveJob>()).entries()];
  state.active?.clear();
  for (const [jobId, job] of interrupted) {
    try {
      // pg-boss failed it into "retry" after the retry delay; an interruption is not the job's fault.
      if (job.willRetry) await boss.update({ name: job.queue, options: { id: jobId, startAfter: new Date() } });
      await job.interrupted?.(job.willRetry);
    } catch (error) {
      console.error(
        `[jobs] ${job.queue} ${jobId}: could not hand the job back:`,
        error instanceof Error ? error.message : error,
      );
    }
  }
  await boss.stop({ close: true });
}
