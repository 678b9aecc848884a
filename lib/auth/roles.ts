import type { MembershipRole } from "@/db/schema";

/** Every role, most powerful first. */
export const membershipRoles = ["owner", "admin", "billing", "viewer"] as const satisfies readonly MembershipRole[];

const rank: Record<MembershipRole, number> = { viewer: 0, billing: 1, admin: 2, owner: 3 };

/**
 * Whether `role` may run something that requires `required`. Owners and admins change things;
 * billing and viewers read everything and change nothing else.
 */
export function roleAllows(role: MembershipRole, required: MembershipRole): boolean {
  return rank[role] >= rank[required];
}

export function roleRank(role: MembershipRole): number {
  return rank[role];
}

export const roleLabels: Record<MembershipRole, string> = {
  owner: "Owner",
  admin: "Admin",
  billing: "Billing",
  viewer: "Viewer",
};

export const roleDescriptions: Record<MembershipRole, string> = {
  owner: "Everything, including making or removing owners",
  admin: "Everything except owners' roles and memberships",
  billing: "Reads everything; changes nothing",
  viewer: "Reads everything; changes nothing",
};

/**
 * Who may do what: the README's "Who may do what" table states exactly these rows, and the role
 * tests check both that table and every workspace action against them. Each workspace action
 * belongs to exactly one row.
 */
export const accessRules = [
  {
    capability: "See organizations, integrations, the catalog, mappings, sync history and previews; export mappings",
    roles: ["owner", "admin", "billing", "viewer"],
    actions: ["workspaces.select", "sync.preview", "mappings.exportCsv"],
  },
  {
    capability: "Connect, re-check, apply and disconnect ConnectWise; change catalog settings; publish",
    roles: ["owner", "admin"],
    actions: [
      "connectwise.check",
      "connectwise.apply",
      "connectwise.disconnect",
      "connectwise.recheck",
      "catalog.publish",
      "catalog.saveSettings",
      "catalog.options",
      "catalog.subcategories",
    ],
  },
  {
    capability: "Map organizations (incl. imports and auto-match), turn sync on or off, Sync now, usage snapshot",
    roles: ["owner", "admin"],
    actions: [
      "mappings.searchCompanies",
      "mappings.listAgreements",
      "mappings.previewAutoMatch",
      "mappings.refreshDirectory",
      "mappings.save",
      "mappings.setSync",
      "mappings.clear",
      "mappings.acceptAutoMatches",
      "mappings.importCsv",
      "sync.now",
      "sync.all",
      "usage.snapshot",
    ],
  },
  {
    capability: "See people and invitations; invite, resend or revoke invitations; change roles; remove members",
    roles: ["owner", "admin"],
    actions: [
      "people.list",
      "people.invite",
      "people.resendInvitation",
      "people.revokeInvitation",
      "people.changeRole",
      "people.removeMember",
    ],
  },
  {
    capability: "Invite or make someone an owner; change an owner's role; remove an owner",
    roles: ["owner"],
    actions: [],
  },
  {
    capability: "Create and revoke platform API tokens; choose what happens when the platform deletes an organization",
    roles: ["owner", "admin"],
    actions: ["apiTokens.create", "apiTokens.revoke", "platformApi.saveOffboarding"],
  },
  {
    capability: "Read the audit log and export it as CSV",
    roles: ["owner", "admin"],
    actions: ["audit.list", "audit.exportCsv"],
  },
] as const satisfies ReadonlyArray<{
  capability: string;
  roles: readonly MembershipRole[];
  actions: readonly string[];
}>;

/** The least role that may run a rule's actions (rules always name a rank-closed set of roles). */
export function leastRoleOf(roles: readonly MembershipRole[]): MembershipRole {
  return [...roles].sort((left, right) => rank[left] - rank[right])[0]!;
}
