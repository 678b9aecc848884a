import { runSyncSchedulerTick } from "@/lib/sync/run-sync-scheduler-tick";
import { defineJob } from "../define-job";
import { syncSchedulerTickQueue } from "../queues";

/**
 * Every minute: enqueue a run for each enabled mapping whose next due time has passed: its desired
 * state changed, its verify read came (each mapping at its own time of the verify interval), or its
 * last run failed. Enqueued in batches, round-robin over workspaces, deduplicated per mapping. Queued
 * runs whose job was lost are recovered first (lib/sync/recover-lost-sync-jobs.ts).
 */
export const syncSchedulerTickJob = defineJob({
  ...syncSchedulerTickQueue,
  concurrency: 1,
  schedule: { cron: "* * * * *", payload: {} },
  handler: async (_payload, { db, log }) => {
    const result = await runSyncSchedulerTick(db, { now: new Date() });
    if (result.enqueued > 0 || result.recovered.resent > 0 || result.recovered.failed > 0)
      log("due syncs enqueued", result);
    return result;
  },
});
