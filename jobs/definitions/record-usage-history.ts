import { z } from "zod";
import { recordUsageSnapshot } from "@/db/queries/usage";
import { defineJob } from "../define-job";

/** Copies every organization's current usage into usage_history for today (UTC), once a day. */
export const recordUsageHistoryJob = defineJob({
  name: "record-usage-history",
  description: "Daily snapshot of current usage into usage history",
  schema: z.object({ workspaceId: z.uuid().optional() }),
  retry: { limit: 5, delaySeconds: 60, backoff: true },
  schedule: { cron: "5 0 * * *", payload: {} },
  handler: async (payload, { db, log }) => {
    const day = new Date().toISOString().slice(0, 10);
    const recorded = await recordUsageSnapshot(db, { workspaceId: payload.workspaceId, day });
    log("usage history recorded", { day, rows: recorded });
    return { day, rows: recorded };
  },
});
