import { z } from "zod";
import { recordUsageSnapshot } from "@/db/queries/usage";
import { recordAuditEvent } from "@/db/queries/audit";
import { defineWorkspaceAction } from "@/lib/actions/define-action";

/** Records today's usage history for the caller's workspace now, instead of waiting for the nightly job. */
export const snapshotUsageNow = defineWorkspaceAction({
  name: "usage.snapshot",
  role: "admin",
  schema: z.object({}).strict(),
  run: async (context) => {
    const day = new Date().toISOString().slice(0, 10);
    const rows = await recordUsageSnapshot(context.db, { workspaceId: context.workspace.id, day });
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
