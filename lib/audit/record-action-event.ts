import { recordAuditEvent } from "@/db/queries/audit";
import type { WorkspaceContext } from "@/lib/auth/context";

/**
 * Records what a workspace action did, as the person who did it, in their workspace, from the client
 * address of their request.
 */
export async function recordActionAuditEvent(
  context: WorkspaceContext,
  event: { action: string; targetType: string; targetId?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await recordAuditEvent(context.db, {
    workspaceId: context.workspace.id,
    actorUserId: context.user.id,
    ipAddress: context.address ?? null,
    ...event,
  });
}
