/**
 * The worker side of the job runtime: starts a worker for every registered job and runs handlers.
 * Imported only where workers start (scripts/start.ts, scripts/worker.ts, bench and tests); sending
 * a job needs jobs/send.ts alone.
 */
import { getDb } from "@/db";
import type { JobDefinition } from "./define-job";
import { PermanentJobError } from "./define-job";
import { jobRegistry } from "./registry";
import { getJobQueue, jobRuntimeState as state } from "./send";
import { startWorkerHeartbeat } from "@/lib/health/worker-heartbeat";
import { logFor } from "@/lib/logging/logger";

/** Starts a worker for every registered job, and their schedules. Idempotent within a process. */
export async function startJobWorkers(options: { log?: (line: string) => void } = {}): Promise<void> {
  if (state.workersStarted) return;
  state.workersStarted = true;
  const log = options.log ?? ((line: string) => console.log(line));
  const boss = await getJobQueue();
  for (const job of jobRegistry) {
    // One pg-boss worker per slot, each registered on its own so its id is known: a slot that has just
    // finished a job is woken to fetch the next one at once, so a backlog runs back to back instead of
    // each slot waiting out its poll interval between jobs. NOTIFY wakes an idle worker at once; the
    // 1 s poll is the backstop. A job's reserved slots take only high-priority jobs, so those never
    // wait behind a backlog of others.
    const register = async (options: { minPriority?: number }) => {
      // Known once work() returns; a job finished before that simply waits out the poll.
      const slot: { workerId?: string } = {};
      slot.workerId = await boss.work(
        job.name,
        { localConcurrency: 1, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1, ...options },
        async ([pending]) => {
          if (!pending) return;
          const retryCount = (pending as { retryCount?: number }).retryCount ?? 0;
          const parsed = job.schema.safeParse(pending.data);
          const interrupted = job.interrupted;
          const active = (state.active ??= new Map());
          active.set(pending.id, {
            queue: job.name,
            willRetry: retryCount < job.retry.limit,
            interrupted:
              interrupted && parsed.success
                ? (willRetry: boolean) => interrupted(parsed.data, { db: getDb(), willRetry })
                : undefined,
          });
          try {
            return await runJob(job, pending.data, { jobId: pending.id, retryCount });
          } finally {
            active.delete(pending.id);
            if (slot.workerId !== undefined) boss.notifyWorker(slot.workerId);
          }
        },
      );
    };
    for (let index = 0; index < (job.concurrency ?? 2); index++) await register({});
    if (job.reserved)
      for (let index = 0; index < job.reserved.concurrency; index++)
        await register({ minPriority: job.reserved.minPriority });
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
