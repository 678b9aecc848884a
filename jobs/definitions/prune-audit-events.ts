import { z } from "zod";
import { runAuditPrune } from "@/lib/audit/run-audit-prune";
import { env } from "@/lib/env";
import { defineJob } from "../define-job";

/** Daily: drops audit events older than AUDIT_RETENTION_DAYS (400 by default). */
export const pruneAuditEventsJob = defineJob({
  name: "prune-audit-events",
  description: "Daily deletion of audit events past their retention",
  schema: z.object({}),
  retry: { limit: 5, delaySeconds: 60, backoff: true },
  schedule: { cron: "40 2 * * *", payload: {} },
  handler: async (_payload, { db, log }) => {
    const result = await runAuditPrune(db, { retentionDays: env().AUDIT_RETENTION_DAYS });
    log("audit events pruned", result);
    return result;
  },
});
