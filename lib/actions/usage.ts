import { z } from "zod";
import { recordAuditEvent } from "@/db/queries/audit";
import { runRecordUsageHistory } from "@/lib/usage/run-record-usage-history";
import { defineWorkspaceAction } from "./define-action";

/** Records today's usage history for the caller's workspace now, instead of waiting for the nightly job. */
export const snapshotUsageAction = defineWorkspaceAction({
  name: "usage.snapshot",
  role: "admin",
  schema: z.object({}).strict(),
  run: async (context) => {
    const { day, rows } = await runRecordUsageHistory(context.db, { workspaceId: context.workspace.id });
    await recordAuditEvent(context.db, {
      workspaceId: context.workspace.id,
      actorUserId: context.user.id,
      ipAddress: context.address,
      action: "usage.snapshot",
      targetType: "usage",
      details: { day, rows },
    });
    return { day, rows };
  },
});
