import type { Database } from "@/db";
import type { MembershipRole } from "@/db/schema";
import { recordAuditEvent } from "@/db/queries/audit";
import { countOwners, deleteMembership, findMember, updateMemberRole } from "@/db/queries/members";
import { lockWorkspace } from "@/db/queries/workspaces";
import { ForbiddenError } from "@/lib/auth/context";
import { SafeError } from "@/lib/errors";
import { refuseMembershipChange } from "./refuse-membership-change";

interface Actor {
  userId: string;
  role: MembershipRole;
  address: string | null;
}

/**
 * Changes a member's role, under a lock on the workspace so that two owners demoting each other at
 * once can't leave it without an owner.
 */
export async function changeMemberRole(
  db: Database,
  params: { workspaceId: string; actor: Actor; userId: string; role: MembershipRole },
) {
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Database;
    await lockWorkspace(tx, { workspaceId: params.workspaceId });
    const target = await findMember(tx, { workspaceId: params.workspaceId, userId: params.userId });
    if (!target) throw new SafeError("That person isn't a member of this workspace.", "not_found");
    if (target.role === params.role) return { userId: target.userId, email: target.email, role: target.role };
    const refusal = refuseMembershipChange({
      actor: params.actor,
      target,
      newRole: params.role,
      ownerCount: await countOwners(tx, { workspaceId: params.workspaceId }),
    });
    if (refusal) throw new ForbiddenError(refusal);
    await updateMemberRole(tx, { workspaceId: params.workspaceId, userId: target.userId, role: params.role });
    await recordAuditEvent(tx, {
      workspaceId: params.workspaceId,
      actorUserId: params.actor.userId,
      action: "member.role-changed",
      targetType: "user",
      targetId: target.userId,
      ipAddress: params.actor.address,
      details: { email: target.email, from: target.role, to: params.role },
    });
    return { userId: target.userId, email: target.email, role: params.role };
  });
}

export async function removeMember(db: Database, params: { workspaceId: string; actor: Actor; userId: string }) {
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Database;
    await lockWorkspace(tx, { workspaceId: params.workspaceId });
    const target = await findMember(tx, { workspaceId: params.workspaceId, userId: params.userId });
    if (!target) throw new SafeError("That person isn't a member of this workspace.", "not_found");
    const refusal = refuseMembershipChange({
      actor: params.actor,
      target,
      ownerCount: await countOwners(tx, { workspaceId: params.workspaceId }),
    });
    if (refusal) throw new ForbiddenError(refusal);
    await deleteMembership(tx, { workspaceId: params.workspaceId, userId: target.userId });
    await recordAuditEvent(tx, {
      workspaceId: params.workspaceId,
      actorUserId: params.actor.userId,
      action: "member.removed",
      targetType: "user",
      targetId: target.userId,
      ipAddress: params.actor.address,
      details: { email: target.email, role: target.role },
    });
    return { userId: target.userId, email: target.email };
  });
}
