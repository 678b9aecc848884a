import { z } from "zod";
import { recordSchedulerTick } from "@/lib/health/worker-heartbeat";
import { enqueueDueSyncs } from "@/lib/operations/sync";
import { defineJob } from "../define-job";

/**
 * Every minute: enqueue a run for each enabled mapping whose next due time has passed (each mapping
 * is due at its own second of the hour, so the load spreads). Enqueueing is deduplicated per mapping.
 */
export const syncSchedulerTickJob = defineJob({
  name: "sync-scheduler-tick",
  description: "Enqueues the organization syncs that are due",
  schema: z.object({}),
  // A missed tick is made up by the next one a minute later.
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 5 * 60,
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
