/**
 * Queued runs whose job is gone. A run and its job are queued in one transaction, but a run left by an
 * older version (which queued them in two steps) or by anything else that lost its job would stay
 * queued for ever: every later enqueue of its mapping deduplicates onto it, so the organization would
 * never be synced again. The scheduler tick finds such runs and sends their job again.
 */
import type { Database } from "@/db";
import { findRun, listQueuedRunsBefore, updateMappingRunStatus, updateRun } from "@/db/queries/sync";
import { organizationSyncPriority, organizationSyncQueue } from "@/jobs/queues";
import { findJob, sendJob } from "@/jobs/send";
import { errorFields, logFor } from "@/lib/logging/logger";
import { lockMappingEnqueue } from "./mapping-lock";

/** A queued run younger than this is left alone: its job may still be on its way. */
export const lostJobGraceMs = 5 * 60_000;

/** Queued runs one tick checks, at most (oldest first). */
const recoveryLimit = 200;

/** Job states in which the job will still start (or has started) the run. */
const liveJobStates = new Set(["created", "retry", "active"]);

/** Triggers whose run is an organization sync, i.e. what an organization-sync job runs. */
const syncTriggers = new Set(["schedule", "manual", "bulk", "enable"]);

export const lostJobMessage = "This run never started: Billbridge stopped while queueing it, so nothing was written.";

/**
 * Checks the oldest queued runs past the grace period and, for each whose job pg-boss does not hold:
 * sends its job again (same id, mapping, priority), so the run goes ahead as queued. A run that cannot
 * be sent again (its job ended without starting it, e.g. it never got the mapping's lock, or pg-boss
 * refuses it, or it is not an organization sync) fails with a message saying so and its mapping is made
 * due, so the same tick queues a fresh run. Returns how many runs were re-sent and failed.
 */
export async function recoverLostSyncJobs(
  db: Database,
  params: { now: Date },
): Promise<{ checked: number; resent: number; failed: number }> {
  const candidates = await listQueuedRunsBefore(db, {
    queuedBefore: new Date(params.now.getTime() - lostJobGraceMs),
    limit: recoveryLimit,
  });
  let resent = 0;
  let failed = 0;
  for (const candidate of candidates) {
    const job = await findJob(organizationSyncQueue, { id: candidate.id });
    if (job && liveJobStates.has(job.state)) continue;
    try {
      const outcome = await db.transaction((transaction) => recoverRun(transaction, candidate, params.now));
      if (outcome === "resent") resent += 1;
      if (outcome === "failed") failed += 1;
      if (outcome !== "live")
        logFor({ workspaceId: candidate.workspaceId, mappingId: candidate.mappingId, runId: candidate.id }).warn(
          { outcome },
          "queued run without a job recovered",
        );
    } catch (error) {
      logFor({ workspaceId: candidate.workspaceId, mappingId: candidate.mappingId, runId: candidate.id }).error(
        errorFields(error),
        "could not recover a queued run without a job",
      );
    }
  }
  return { checked: candidates.length, resent, failed };
}

/** Under the mapping's enqueue lock, with the run and its job read again in this transaction. */
async function recoverRun(
  transaction: Database,
  candidate: { id: string; workspaceId: string; mappingId: string; trigger: string },
  now: Date,
): Promise<"live" | "resent" | "failed"> {
  const { workspaceId, mappingId } = candidate;
  await lockMappingEnqueue(transaction, { mappingId });
  const run = await findRun(transaction, { workspaceId, runId: candidate.id });
  if (!run || run.state !== "queued") return "live";
  const job = await findJob(organizationSyncQueue, { id: run.id, transaction });
  if (job && liveJobStates.has(job.state)) return "live";
  if (!job && syncTriggers.has(run.trigger)) {
    const priority =
      run.trigger === "manual" ? organizationSyncPriority.requested : organizationSyncPriority.background;
    const jobId = await sendJob(
      organizationSyncQueue,
      { workspaceId, mappingId, runId: run.id },
      { id: run.id, singletonKey: mappingId, priority, transaction },
    );
    if (jobId !== null) return "resent";
  }
  const message = job
    ? `This run never started: its job ended (${job.state}) before the run could begin, so nothing was written.`
    : lostJobMessage;
  await updateRun(transaction, {
    workspaceId,
    runId: run.id,
    values: { state: "failed", finishedAt: now, error: message, errorCode: "job-lost" },
  });
  await updateMappingRunStatus(transaction, {
    workspaceId,
    mappingId,
    onlyIfLastRunId: run.id,
    values: { lastRunState: "failed", lastRunAt: now, lastRunMessage: message },
  });
  // Due now: the tick's enqueue that follows queues a fresh run.
  await updateMappingRunStatus(transaction, { workspaceId, mappingId, values: { nextDueAt: now } });
  return "failed";
}
