import { runAuditPrune } from "@/lib/audit/run-audit-prune";
import { env } from "@/lib/env";
import { defineJob } from "../define-job";
import { pruneAuditEventsQueue } from "../queues";

/** Daily: drops audit events older than AUDIT_RETENTION_DAYS (400 by default). */
export const pruneAuditEventsJob = defineJob({
  ...pruneAuditEventsQueue,
  schedule: { cron: "40 2 * * *", payload: {} },
  handler: async (_payload, { db, log }) => {
    const result = await runAuditPrune(db, { retentionDays: env().AUDIT_RETENTION_DAYS });
    log("audit events pruned", result);
    return result;
  },
});
