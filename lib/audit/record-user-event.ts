import type { Database } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { listMembershipsOfUser } from "@/db/queries/workspaces";

/**
 * Records an event about a person's account (sign-in, password change) in every workspace they
 * belong to, since each workspace's owners audit who reached their data.
 */
export async function recordUserAuditEvent(
  db: Database,
  event: { userId: string; action: string; address: string | null; details?: Record<string, unknown> },
): Promise<void> {
  const memberships = await listMembershipsOfUser(db, { userId: event.userId });
  for (const membership of memberships) {
    await recordAuditEvent(db, {
      workspaceId: membership.workspaceId,
      actorUserId: event.userId,
      action: event.action,
      targetType: "user",
      targetId: event.userId,
      ipAddress: event.address,
      details: event.details,
    });
  }
}
