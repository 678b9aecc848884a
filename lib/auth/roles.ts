import type { MembershipRole } from "@/db/schema";

const rank: Record<MembershipRole, number> = { viewer: 0, admin: 1, owner: 2 };

/** Owners and admins may change things; viewers see everything and change nothing. */
export function roleAllows(role: MembershipRole, required: MembershipRole): boolean {
  return rank[role] >= rank[required];
}

export const roleLabels: Record<MembershipRole, string> = { owner: "Owner", admin: "Admin", viewer: "Viewer" };
