import type { MembershipRole } from "@/db/schema";
import { roleRank } from "@/lib/auth/roles";

/**
 * Whether a member may change another member's role or remove them. Pure, so every rule is
 * unit-tested on its own. Decisions worth knowing:
 * - only owners make owners, demote owners or remove owners; admins manage admins, billing and viewers;
 * - nobody raises their own role (an admin can't make themselves owner); lowering it is allowed;
 * - the last owner can be neither demoted nor removed, by anyone, themselves included.
 * Returns null when allowed, otherwise the message to show.
 */
export function refuseMembershipChange(params: {
  actor: { userId: string; role: MembershipRole };
  target: { userId: string; role: MembershipRole };
  /** The new role; absent when the target is being removed. */
  newRole?: MembershipRole;
  ownerCount: number;
}): string | null {
  const { actor, target, newRole, ownerCount } = params;
  const self = actor.userId === target.userId;
  if (roleRank(actor.role) < roleRank("admin")) {
    return "Only owners and admins can change roles or remove members.";
  }
  if (newRole !== undefined && self && roleRank(newRole) > roleRank(actor.role)) {
    return "You can't raise your own role. Ask an owner.";
  }
  if (actor.role !== "owner" && (target.role === "owner" || newRole === "owner")) {
    return newRole === undefined ? "Only an owner can remove an owner." : "Only an owner can make or change an owner.";
  }
  const losesOwner = target.role === "owner" && (newRole === undefined || newRole !== "owner");
  if (losesOwner && ownerCount <= 1) {
    return newRole === undefined
      ? "The workspace's last owner can't be removed. Make someone else an owner first."
      : "The workspace's last owner can't be demoted. Make someone else an owner first.";
  }
  return null;
}
