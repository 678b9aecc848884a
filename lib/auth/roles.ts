import type { MembershipRole } from "@/db/schema";

/** Every role, most powerful first. */
export const membershipRoles = ["owner", "admin", "billing", "viewer"] as const satisfies readonly MembershipRole[];

// Billing reads everything like a viewer and may approve held billing changes; it changes nothing else.
const rank: Record<MembershipRole, number> = { viewer: 0, billing: 1, admin: 2, owner: 3 };

/**
 * Whether `role` may run something that requires `required`. Owners and admins change things;
 * viewers read everything and change nothing. `billing` as the required role is the approvals
 * permission: billing members, admins and owners.
 */
export function roleAllows(role: MembershipRole, required: MembershipRole): boolean {
  return rank[role] >= rank[required];
}

/** The explicit permission to approve or reject changes held for approval. */
export function canApproveChanges(role: MembershipRole): boolean {
  return roleAllows(role, "billing");
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
  billing: "Reads everything; approves or rejects held billing changes",
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
    capability: "Set the billing count basis and timing, per workspace and per organization; set the approval policy",
    roles: ["owner", "admin"],
    actions: ["billing.setPolicy", "billing.setMappingPolicy", "approvals.setPolicy"],
  },
  {
    capability: "Set how often unchanged organizations are still read from ConnectWise (the verify interval)",
    roles: ["owner", "admin"],
    actions: ["sync.setSettings"],
  },
  {
    capability: "Approve or reject changes held for approval",
    roles: ["owner", "admin", "billing"],
    actions: ["approvals.decide"],
  },
  {
    capability: "Create and revoke platform API tokens; choose what happens when the platform deletes an organization",
    roles: ["owner", "admin"],
    actions: ["apiTokens.create", "apiTokens.revoke", "platformApi.saveOffboarding"],
  },
  {
    capability: "Set alert rules and the daily digest; add, turn off or delete alert channels; send test events",
    roles: ["owner", "admin"],
    actions: [
      "alerts.saveSettings",
      "alerts.createChannel",
      "alerts.setChannelEnabled",
      "alerts.deleteChannel",
      "alerts.sendTestEvent",
    ],
  },
  {
    capability: "Choose the monthly report email's recipients and day; send the report now",
    roles: ["owner", "admin"],
    actions: ["reports.saveSchedule", "reports.sendNow"],
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
