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
    // NOTIFY wakes an idle worker at once; the 1 s poll keeps a busy worker taking the next job of
    // a backlog (pg-boss's default backstop of 30 s would leave it idle between jobs).
    const polling = { pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 };
    const handle = async ([pending]: Array<{ id: string; data: unknown }>) => {
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
      }
    };
    await boss.work(job.name, { localConcurrency: job.concurrency ?? 2, ...polling }, handle);
    // Capacity that only takes high-priority jobs, so they never wait behind a backlog of others.
    if (job.reserved)
      await boss.work(
        job.name,
        { localConcurrency: job.reserved.concurrency, minPriority: job.reserved.minPriority, ...polling },
        handle,
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
