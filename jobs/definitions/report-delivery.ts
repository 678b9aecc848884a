import { runReportDelivery } from "@/lib/reports/run-report-delivery";
import { defineJob } from "../define-job";
import { reportDeliveryQueue } from "../queues";

/** Daily at 06:15 UTC: the monthly reconciliation report emails of the workspaces whose day it is. */
export const reportDeliveryJob = defineJob({
  ...reportDeliveryQueue,
  concurrency: 1,
  schedule: { cron: "15 6 * * *", payload: {} },
  handler: async (_payload, { db, log }) => {
    const result = await runReportDelivery(db);
    log("report emails", result);
    return result;
  },
});
