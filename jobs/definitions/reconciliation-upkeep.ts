import { runReconciliationUpkeep } from "@/lib/reports/run-reconciliation-upkeep";
import { defineJob } from "../define-job";
import { reconciliationUpkeepQueue } from "../queues";

/** Every 10 minutes: the reconciliation report's kept running months brought up to date; unread months dropped. */
export const reconciliationUpkeepJob = defineJob({
  ...reconciliationUpkeepQueue,
  concurrency: 1,
  schedule: { cron: "*/10 * * * *", payload: {} },
  handler: async (_payload, { db, log }) => {
    const result = await runReconciliationUpkeep(db);
    log("reconciliation upkeep", result);
    return result;
  },
});
