import { recordSchedulerTick } from "@/lib/health/worker-heartbeat";
import { enqueueDueSyncs } from "@/lib/sync/enqueue-due-syncs";
import { defineJob } from "../define-job";
import { syncSchedulerTickQueue } from "../queues";

/**
 * Every minute: enqueue a run for each enabled mapping whose next due time has passed: its desired
 * state changed, its verify read came (each mapping at its own time of the verify interval), or its
 * last run failed. Enqueued in batches, round-robin over workspaces, deduplicated per mapping.
 */
export const syncSchedulerTickJob = defineJob({
  ...syncSchedulerTickQueue,
  concurrency: 1,
  schedule: { cron: "* * * * *", payload: {} },
  handler: async (_payload, { db, log }) => {
    const now = new Date();
    await recordSchedulerTick(db, now);
    const result = await enqueueDueSyncs(db, { now });
    if (result.enqueued > 0) log("due syncs enqueued", result);
    return result;
  },
});
