import { runUsageSyncSweep } from "@/lib/sync/run-usage-sync-sweep";
import { defineJob } from "../define-job";
import { usageSyncSweepQueue } from "../queues";

/** Enqueues one workspace's due syncs shortly after its platform reported changed usage. */
export const usageSyncSweepJob = defineJob({
  ...usageSyncSweepQueue,
  concurrency: 2,
  handler: async (payload, { db, log }) => {
    const result = await runUsageSyncSweep(db, payload);
    if (result.enqueued > 0) log("usage syncs enqueued", result);
    return result;
  },
});
