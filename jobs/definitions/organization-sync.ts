import { recordInterruptedRun } from "@/lib/sync/run-lifecycle";
import { PermanentSyncError, runOrganizationSync } from "@/lib/sync/run-organization-sync";
import { defineJob, PermanentJobError } from "../define-job";
import { organizationSyncPriority, organizationSyncQueue } from "../queues";

/**
 * One organization's usage sync (lib/sync/run-organization-sync.ts). The run row is created when the
 * job is enqueued (lib/sync/enqueue-organization-sync.ts); the job moves it through running to its end,
 * holding the mapping's advisory lock, so runs never overlap.
 */
export const organizationSyncJob = defineJob({
  ...organizationSyncQueue,
  // Runs per worker process. ConnectWise itself sees at most CW_MAX_CONCURRENCY requests at once
  // (the shared limiter), so this only has to keep that budget busy. Each run holds one database
  // connection for its mapping lock: keep this well under the process pool (db/index.ts, 20).
  concurrency: 8,
  // "Sync now" (and an approval applied) never waits behind scheduled or bulk runs, of any workspace.
  reserved: { minPriority: organizationSyncPriority.requested, concurrency: 2 },
  handler: async (payload, { db, retryCount, log }) => {
    try {
      const outcome = await runOrganizationSync(db, {
        ...payload,
        attempt: retryCount,
        willRetry: retryCount < organizationSyncQueue.retry.limit,
      });
      if (outcome.state === "failed") throw new PermanentJobError(outcome.error ?? "The sync failed.");
      log("organization synced", { runId: outcome.runId, ...outcome.summary });
      return outcome;
    } catch (error) {
      if (error instanceof PermanentSyncError) throw new PermanentJobError(error.message);
      throw error;
    }
  },
  interrupted: (payload, { db, willRetry }) => recordInterruptedRun(db, { ...payload, willRetry }),
});
