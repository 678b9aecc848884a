import { z } from "zod";
import { defineJob } from "../define-job";

/**
 * A few seconds after the platform reports changed usage: enqueue the workspace's due syncs (the
 * organizations whose usage changed were made due). Stately per workspace, so a burst of reports
 * while one sweep waits makes no second one: the waiting sweep picks them all up.
 */
export const usageSyncSweepJob = defineJob({
  name: "usage-sync-sweep",
  description: "Enqueues the syncs of organizations whose usage changed",
  schema: z.object({ workspaceId: z.uuid() }),
  policy: "stately",
  // The minute tick is the safety net for a sweep that failed.
  retry: { limit: 1, delaySeconds: 5, backoff: false },
  expireInSeconds: 10 * 60,
  concurrency: 2,
  handler: async (payload, { db, log }) => {
    // Loaded when the job runs: the sweep reaches the job runtime, which imports this registry entry.
    const { runUsageSyncSweep } = await import("@/lib/sync/run-usage-sync-sweep");
    const result = await runUsageSyncSweep(db, payload);
    if (result.enqueued > 0) log("usage syncs enqueued", result);
    return result;
  },
});
