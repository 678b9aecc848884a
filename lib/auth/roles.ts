import type { MembershipRole } from "@/db/schema";

// Billing reads everything like a viewer and may approve held billing changes; it changes nothing else.
const rank: Record<MembershipRole, number> = { viewer: 0, billing: 1, admin: 2, owner: 3 };

/**
 * Owners and admins may change things; viewers see everything and change nothing. `billing` as the
 * required role is the approvals permission: billing members, admins and owners.
 */
export function roleAllows(role: MembershipRole, required: MembershipRole): boolean {
  return rank[role] >= rank[required];
}

/** The explicit permission to approve or reject changes held for approval. */
export function canApproveChanges(role: MembershipRole): boolean {
  return roleAllows(role, "billing");
}

export const roleLabels: Record<MembershipRole, string> = {
  owner: "Owner",
  admin: "Admin",
  billing: "Billing",
  viewer: "Viewer",
};
