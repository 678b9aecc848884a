import { runRecordUsageHistory } from "@/lib/usage/run-record-usage-history";
import { defineJob } from "../define-job";
import { recordUsageHistoryQueue } from "../queues";

/** Copies every organization's current usage into usage_history for today (UTC), once a day. */
export const recordUsageHistoryJob = defineJob({
  ...recordUsageHistoryQueue,
  schedule: { cron: "5 0 * * *", payload: {} },
  handler: async (payload, { db, log }) => {
    const result = await runRecordUsageHistory(db, { workspaceId: payload.workspaceId });
    log("usage history recorded", result);
    return result;
  },
});
