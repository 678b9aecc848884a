import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import {
  cwAgreements,
  cwCompanies,
  cwDirectoryRefreshes,
  mappings,
  psaConnectionChecks,
  psaConnections,
  syncRuns,
  usageHistory,
} from "@/db/schema";
import type { TestWorkspace } from "./workspaces";
import {
  apiTokens,
  approvalPolicies,
  auditEvents,
  billingPolicies,
  catalogLinks,
  catalogSyncRuns,
  heldChanges,
  invitations,
  mappingBillingPolicies,
  memberships,
  workspaces,
} from "@/db/schema";

/**
 * For every workspace action: an input aimed at workspace A's rows, and a probe of A's state that
 * must not change when a member of B (or a viewer of A, for writes) runs it. Every action in
 * lib/actions/index.ts (workspaceActions) must have a case here; the isolation test fails otherwise.
 */
export interface ActionCase {
  input(target: TestWorkspace): unknown;
  /** A fingerprint of the target's state that the refused or foreign call must leave equal. */
  probe(db: Database, target: TestWorkspace): Promise<unknown>;
}

export const actionCases: Record<string, ActionCase> = {
  "workspaces.select": {
    // Choosing A's workspace writes nothing anywhere; the refusal itself is asserted in isolation.test.ts.
    input: (target) => ({ workspaceId: target.id }),
    probe: async (db, target) =>
      (await db.select().from(usageHistory).where(eq(usageHistory.workspaceId, target.id))).length,
  },
  "usage.snapshot": {
    input: () => ({}),
    probe: async (db, target) =>
      (await db.select().from(usageHistory).where(eq(usageHistory.workspaceId, target.id))).length,
  },
};

/** A's ConnectWise connection and its checks, as one comparable value. */
async function probeConnection(db: Database, target: TestWorkspace) {
  const [connection] = await db.select().from(psaConnections).where(eq(psaConnections.workspaceId, target.id));
  const checks = await db
    .select({ id: psaConnectionChecks.id })
    .from(psaConnectionChecks)
    .where(eq(psaConnectionChecks.workspaceId, target.id));
  return { connection: connection ?? null, checks: checks.length };
}

const connectionInput = () => ({
  site: "http://127.0.0.1:9",
  companyId: "acme",
  publicKey: "public",
  privateKey: "private",
  checkId: "00000000-0000-4000-8000-000000000000",
  confirm: true,
});

Object.assign(actionCases, {
  "connectwise.check": { input: connectionInput, probe: probeConnection },
  "connectwise.apply": { input: connectionInput, probe: probeConnection },
  "connectwise.disconnect": { input: connectionInput, probe: probeConnection },
  "connectwise.recheck": { input: () => ({}), probe: probeConnection },
} satisfies Record<string, ActionCase>);

/** A's sync runs and the mapping it targets: a refused or foreign call must queue nothing. */
async function probeSyncRuns(db: Database, target: TestWorkspace) {
  const runs = await db
    .select({ id: syncRuns.id, state: syncRuns.state })
    .from(syncRuns)
    .where(eq(syncRuns.workspaceId, target.id));
  const rows = await db
    .select({ id: mappings.id, lastRunState: mappings.lastRunState, nextDueAt: mappings.nextDueAt })
    .from(mappings)
    .where(eq(mappings.workspaceId, target.id));
  return { runs, mappings: rows };
}

/** A's first organization's mapping, created on first use so the sync actions have a real target. */
async function ensureSyncTarget(db: Database, target: TestWorkspace): Promise<string> {
  const [existing] = await db
    .select({ id: mappings.id })
    .from(mappings)
    .where(eq(mappings.organizationId, target.organizationIds[0]!));
  if (existing) return existing.id;
  const [created] = await db
    .insert(mappings)
    .values({
      workspaceId: target.id,
      organizationId: target.organizationIds[0]!,
      cwCompanyId: 1,
      cwAgreementId: 1,
      cwAgreementName: "Probe",
      syncEnabled: true,
    })
    .returning({ id: mappings.id });
  return created!.id;
}

const syncTargets = new Map<string, string>();
const syncMappingInput = (build: (mappingId: string) => unknown) => (target: TestWorkspace) =>
  build(syncTargets.get(target.id) ?? "00000000-0000-4000-8000-000000000000");
const probeSyncTarget = async (db: Database, target: TestWorkspace) => {
  syncTargets.set(target.id, await ensureSyncTarget(db, target));
  return probeSyncRuns(db, target);
};

Object.assign(actionCases, {
  "sync.now": { input: syncMappingInput((mappingId) => ({ mappingIds: [mappingId] })), probe: probeSyncTarget },
  "sync.all": { input: () => ({}), probe: probeSyncTarget },
  "sync.preview": { input: syncMappingInput((mappingId) => ({ mappingId })), probe: probeSyncTarget },
} satisfies Record<string, ActionCase>);

/** A's mappings and ConnectWise directory cache, as one comparable value. */
async function probeMappings(db: Database, target: TestWorkspace) {
  const mappingRows = await db.select().from(mappings).where(eq(mappings.workspaceId, target.id));
  const companies = await db.select().from(cwCompanies).where(eq(cwCompanies.workspaceId, target.id));
  const agreements = await db.select().from(cwAgreements).where(eq(cwAgreements.workspaceId, target.id));
  const [refresh] = await db.select().from(cwDirectoryRefreshes).where(eq(cwDirectoryRefreshes.workspaceId, target.id));
  return {
    mappings: mappingRows.sort((left, right) => left.id.localeCompare(right.id)),
    companies: companies.length,
    agreements: agreements.length,
    refresh: refresh ?? null,
  };
}

const mappingInput = (target: TestWorkspace) => ({
  organizationId: target.organizationIds[0],
  organizationIds: target.organizationIds,
  companyId: 1,
  agreementId: 1,
  enabled: false,
  additions: "leave",
  query: "a",
  refresh: false,
  csv: `organization_id,company_id,agreement_id,sync_enabled\r\n${target.slug.split("-")[0]!.toUpperCase()}-org-1,,,false\r\n`,
});

Object.assign(actionCases, {
  "mappings.searchCompanies": { input: mappingInput, probe: probeMappings },
  "mappings.listAgreements": { input: mappingInput, probe: probeMappings },
  "mappings.refreshDirectory": { input: () => ({}), probe: probeMappings },
  "mappings.save": { input: mappingInput, probe: probeMappings },
  "mappings.setSync": { input: mappingInput, probe: probeMappings },
  "mappings.clear": { input: mappingInput, probe: probeMappings },
  "mappings.previewAutoMatch": { input: () => ({}), probe: probeMappings },
  "mappings.acceptAutoMatches": { input: mappingInput, probe: probeMappings },
  "mappings.exportCsv": { input: () => ({}), probe: probeMappings },
  "mappings.importCsv": { input: mappingInput, probe: probeMappings },
} satisfies Record<string, ActionCase>);

/** A's catalog settings, links and publish runs, as one comparable value. */
async function probeCatalog(db: Database, target: TestWorkspace) {
  const [connection] = await db
    .select({ catalogSettings: psaConnections.catalogSettings })
    .from(psaConnections)
    .where(eq(psaConnections.workspaceId, target.id));
  const links = await db.select().from(catalogLinks).where(eq(catalogLinks.workspaceId, target.id));
  const runs = await db
    .select({ id: catalogSyncRuns.id, state: catalogSyncRuns.state })
    .from(catalogSyncRuns)
    .where(eq(catalogSyncRuns.workspaceId, target.id));
  return { settings: connection?.catalogSettings ?? null, links, runs };
}

const catalogSettingsInput = () => ({
  productTypeId: 1,
  categoryId: 2,
  subcategoryId: 3,
  unitOfMeasureId: null,
  identifierPrefix: "SASE-",
  pricePolicy: "suggested",
  markupPercent: null,
  taxable: false,
});

Object.assign(actionCases, {
  "catalog.publish": { input: () => ({}), probe: probeCatalog },
  "catalog.saveSettings": { input: catalogSettingsInput, probe: probeCatalog },
  "catalog.options": { input: () => ({ categoryId: 2 }), probe: probeCatalog },
  "catalog.subcategories": { input: () => ({ categoryId: 2 }), probe: probeCatalog },
} satisfies Record<string, ActionCase>);

/** A's billing policy and per-mapping overrides, as one comparable value. */
async function probeBillingPolicies(db: Database, target: TestWorkspace) {
  const [policy] = await db.select().from(billingPolicies).where(eq(billingPolicies.workspaceId, target.id));
  const overrides = await db
    .select()
    .from(mappingBillingPolicies)
    .where(eq(mappingBillingPolicies.workspaceId, target.id));
  return { policy: policy ?? null, overrides };
}

Object.assign(actionCases, {
  "billing.setPolicy": { input: () => ({ countBasis: "peak", timing: "period-end" }), probe: probeBillingPolicies },
  "billing.setMappingPolicy": {
    input: (target: TestWorkspace) => ({ organizationId: target.organizationIds[0], countBasis: "peak", timing: null }),
    probe: async (db: Database, target: TestWorkspace) => {
      await ensureSyncTarget(db, target);
      return probeBillingPolicies(db, target);
    },
  },
} satisfies Record<string, ActionCase>);

/** A's approval policy and held changes, as one comparable value. */
async function probeApprovals(db: Database, target: TestWorkspace) {
  const [policy] = await db.select().from(approvalPolicies).where(eq(approvalPolicies.workspaceId, target.id));
  const held = await db.select().from(heldChanges).where(eq(heldChanges.workspaceId, target.id));
  return { policy: policy ?? null, held };
}

/** One held change of A's first organization, so a decision aimed at it has something to find. */
async function ensureHeldChange(db: Database, target: TestWorkspace): Promise<string> {
  const mappingId = await ensureSyncTarget(db, target);
  const [existing] = await db
    .select({ id: heldChanges.id })
    .from(heldChanges)
    .where(eq(heldChanges.mappingId, mappingId));
  if (existing) return existing.id;
  const [created] = await db
    .insert(heldChanges)
    .values({
      workspaceId: target.id,
      mappingId,
      organizationId: target.organizationIds[0]!,
      catalogItemId: 1,
      action: "update",
      additionId: 1,
      beforeQuantity: "10",
      afterQuantity: "4",
      rule: "decrease",
    })
    .returning({ id: heldChanges.id });
  return created!.id;
}

const heldTargets = new Map<string, string>();

Object.assign(actionCases, {
  "approvals.setPolicy": {
    input: () => ({ holdDecreases: true, holdIncreasesAbovePercent: 10, holdNewLines: true, holdCancellations: true }),
    probe: probeApprovals,
  },
  "approvals.decide": {
    input: (target: TestWorkspace) => ({
      ids: [heldTargets.get(target.id) ?? "00000000-0000-4000-8000-000000000000"],
      decision: "approve",
      syncNow: true,
    }),
    probe: async (db: Database, target: TestWorkspace) => {
      heldTargets.set(target.id, await ensureHeldChange(db, target));
      return probeApprovals(db, target);
    },
  },
} satisfies Record<string, ActionCase>);

/** A's members with their roles and A's invitations, as one comparable value. */
async function probePeople(db: Database, target: TestWorkspace) {
  const members = await db
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.workspaceId, target.id));
  const invited = await db.select().from(invitations).where(eq(invitations.workspaceId, target.id));
  return {
    members: members.sort((left, right) => left.userId.localeCompare(right.userId)),
    invitations: invited.sort((left, right) => left.id.localeCompare(right.id)),
  };
}

/** A pending invitation of A, created on first use so resend and revoke have a real target. */
const pendingInvitations = new Map<string, string>();
async function probePeopleWithInvitation(db: Database, target: TestWorkspace) {
  if (!pendingInvitations.has(target.id)) {
    const [created] = await db
      .insert(invitations)
      .values({
        workspaceId: target.id,
        email: `pending@${target.slug}.example`,
        role: "viewer",
        tokenHash: `probe-${target.id}`,
        expiresAt: new Date(Date.now() + 7 * 24 * 60 * 60 * 1000),
      })
      .returning({ id: invitations.id });
    pendingInvitations.set(target.id, created!.id);
  }
  return probePeople(db, target);
}
const invitationInput = (target: TestWorkspace) => ({
  invitationId: pendingInvitations.get(target.id) ?? "00000000-0000-4000-8000-000000000000",
});

/** A's audit log: reading or exporting it must record nothing and change nothing. */
async function probeAudit(db: Database, target: TestWorkspace) {
  const rows = await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.workspaceId, target.id));
  return rows.length;
}

Object.assign(actionCases, {
  "people.list": { input: () => ({}), probe: probePeople },
  "people.invite": { input: (target) => ({ email: `new@${target.slug}.example`, role: "admin" }), probe: probePeople },
  "people.resendInvitation": { input: invitationInput, probe: probePeopleWithInvitation },
  "people.revokeInvitation": { input: invitationInput, probe: probePeopleWithInvitation },
  "people.changeRole": { input: (target) => ({ userId: target.users.admin.id, role: "viewer" }), probe: probePeople },
  "people.removeMember": { input: (target) => ({ userId: target.users.viewer.id }), probe: probePeople },
  "audit.list": { input: () => ({ page: 1 }), probe: probeAudit },
  "audit.exportCsv": { input: () => ({}), probe: probeAudit },
} satisfies Record<string, ActionCase>);

/** A's API tokens (with one live token to aim at) and its off-boarding setting. */
const apiTokenTargets = new Map<string, string>();
async function probeApiTokens(db: Database, target: TestWorkspace) {
  if (!apiTokenTargets.has(target.id)) {
    const [created] = await db
      .insert(apiTokens)
      .values({
        workspaceId: target.id,
        name: "Probe token",
        tokenHash: `probe-${target.id}`,
        tokenPrefix: "bb_probe",
        scopes: ["read", "write"],
        createdByName: "Probe",
      })
      .returning({ id: apiTokens.id });
    apiTokenTargets.set(target.id, created!.id);
  }
  const tokens = await db
    .select({ id: apiTokens.id, name: apiTokens.name, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.workspaceId, target.id));
  const [workspace] = await db
    .select({ offboardingAdditions: workspaces.offboardingAdditions })
    .from(workspaces)
    .where(eq(workspaces.id, target.id));
  return { tokens, offboarding: workspace?.offboardingAdditions };
}

Object.assign(actionCases, {
  "apiTokens.create": { input: () => ({ name: "Platform", scopes: ["read", "write"] }), probe: probeApiTokens },
  "apiTokens.revoke": {
    input: (target: TestWorkspace) => ({
      tokenId: apiTokenTargets.get(target.id) ?? "00000000-0000-4000-8000-000000000000",
    }),
    probe: probeApiTokens,
  },
  "platformApi.saveOffboarding": { input: () => ({ offboardingAdditions: "leave" }), probe: probeApiTokens },
});
