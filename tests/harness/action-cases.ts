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
import { expect } from "vitest";
import { normalizeCompanyName } from "@/lib/mapping/normalize-company-name";
import type { TestWorkspace } from "./workspaces";
import {
  apiTokens,
  auditEvents,
  catalogLinks,
  catalogSyncRuns,
  invitations,
  memberships,
  approvalPolicies,
  billingPolicies,
  heldChanges,
  mappingBillingPolicies,
  alertChannels,
  alertDeliveries,
  alertSettings,
  syncSettings,
  reportDeliveries,
  reportSchedules,
  workspaces,
} from "@/db/schema";

/**
 * For every workspace action: an input aimed at workspace A's rows, a probe of A's state that must
 * not change when a member of B (or a viewer of A, for writes) runs it, and exactly what B's owner
 * gets back. Every action in lib/actions/index.ts (workspaceActions) must have a case here; the isolation test fails
 * otherwise, and fails a case without its `foreign` expectation.
 */
export interface ActionCase {
  input(target: TestWorkspace): unknown;
  /** A fingerprint of the target's state that the refused or foreign call must leave equal. */
  probe(db: Database, target: TestWorkspace): Promise<unknown>;
  /**
   * The whole result B's owner gets when running the action with A's input: a refusal with its
   * code, or B's own (empty) data, never A's. B is a workspace with no ConnectWise connection.
   */
  foreign: ForeignExpectation;
}

export type ForeignExpectation =
  | { refused: string; fieldErrors?: Record<string, unknown> }
  | { returns: (caller: TestWorkspace, target: TestWorkspace) => unknown };

/** The result an action returns, compared whole (the message comes with the code). */
export function expectedForeignResult(
  expectation: ForeignExpectation,
  caller: TestWorkspace,
  target: TestWorkspace,
): unknown {
  return "refused" in expectation
    ? { ok: false, code: expectation.refused, error: expect.any(String), fieldErrors: expectation.fieldErrors }
    : { ok: true, data: expectation.returns(caller, target) };
}

export const actionCases: Record<string, ActionCase> = {
  "workspaces.select": {
    // Choosing A's workspace writes nothing anywhere.
    input: (target) => ({ workspaceId: target.id }),
    probe: async (db, target) =>
      (await db.select().from(usageHistory).where(eq(usageHistory.workspaceId, target.id))).length,
    foreign: { refused: "forbidden" },
  },
  "usage.snapshot": {
    input: () => ({}),
    probe: async (db, target) =>
      (await db.select().from(usageHistory).where(eq(usageHistory.workspaceId, target.id))).length,
    // B's own snapshot: its 3 organizations × 2 products.
    foreign: {
      returns: (caller) => ({
        day: new Date().toISOString().slice(0, 10),
        rows: caller.organizationIds.length * caller.productIds.length,
      }),
    },
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
  "connectwise.check": {
    input: connectionInput,
    probe: probeConnection,
    foreign: {
      refused: "site-not-allowed",
      fieldErrors: { site: expect.stringContaining("127.0.0.1 is a loopback address") },
    },
  },
  "connectwise.apply": { input: connectionInput, probe: probeConnection, foreign: { refused: "check-required" } },
  "connectwise.disconnect": { input: connectionInput, probe: probeConnection, foreign: { refused: "not-connected" } },
  "connectwise.recheck": { input: () => ({}), probe: probeConnection, foreign: { refused: "not-connected" } },
} satisfies Record<string, ActionCase>);

/** A's sync runs and the mapping it targets: a refused or foreign call must queue nothing. */
async function probeSyncRuns(db: Database, target: TestWorkspace) {
  const runs = await db
    .select({ id: syncRuns.id, state: syncRuns.state })
    .from(syncRuns)
    .where(eq(syncRuns.workspaceId, target.id));
  const rows = await db
    .select({
      id: mappings.id,
      lastRunState: mappings.lastRunState,
      nextDueAt: mappings.nextDueAt,
      verifyDueAt: mappings.verifyDueAt,
      syncAllRequestedAt: mappings.syncAllRequestedAt,
    })
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
  "sync.now": {
    input: syncMappingInput((mappingId) => ({ mappingIds: [mappingId] })),
    probe: probeSyncTarget,
    foreign: { refused: "not-found" },
  },
  "sync.all": { input: () => ({}), probe: probeSyncTarget, foreign: { refused: "not-connected" } },
  "sync.preview": {
    input: syncMappingInput((mappingId) => ({ mappingId })),
    probe: probeSyncTarget,
    foreign: { refused: "not-found" },
  },
} satisfies Record<string, ActionCase>);

const directoryCompanyName = "Probe Directory Holdings";

/** A's directory holds one company (id 1) with one agreement (id 1), so that reads have something to leak. */
async function ensureDirectory(db: Database, target: TestWorkspace) {
  await db
    .insert(cwCompanies)
    .values({
      workspaceId: target.id,
      cwId: 1,
      identifier: "ProbeDirectory",
      name: directoryCompanyName,
      searchName: normalizeCompanyName(directoryCompanyName),
    })
    .onConflictDoNothing();
  await db
    .insert(cwAgreements)
    .values({ workspaceId: target.id, cwId: 1, cwCompanyId: 1, name: "Probe" })
    .onConflictDoNothing();
}

/** A's mappings and ConnectWise directory cache, as one comparable value. */
async function probeMappings(db: Database, target: TestWorkspace) {
  await ensureDirectory(db, target);
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
  // The name of A's company in A's directory (see probeMappings): B's search must not find it.
  query: directoryCompanyName,
  refresh: false,
  csv: `organization_id,company_id,agreement_id,sync_enabled\r\n${target.label}-org-1,,,false\r\n`,
});

const csvHeader =
  "organization_id,organization_name,company_id,company_identifier,company_name,agreement_id,agreement_name,sync_enabled";

Object.assign(actionCases, {
  "mappings.searchCompanies": { input: mappingInput, probe: probeMappings, foreign: { returns: () => [] } },
  "mappings.listAgreements": {
    input: mappingInput,
    probe: probeMappings,
    foreign: { refused: "unknown-company", fieldErrors: { companyId: "Choose a company from the list" } },
  },
  "mappings.refreshDirectory": { input: () => ({}), probe: probeMappings, foreign: { refused: "not-connected" } },
  "mappings.save": { input: mappingInput, probe: probeMappings, foreign: { refused: "not-found" } },
  "mappings.setSync": { input: mappingInput, probe: probeMappings, foreign: { refused: "not-found" } },
  "mappings.clear": {
    input: mappingInput,
    probe: probeMappings,
    foreign: {
      returns: () => ({
        cleared: 0,
        message: "0 mappings cleared; additions already in ConnectWise were left as they are.",
      }),
    },
  },
  "mappings.previewAutoMatch": {
    input: () => ({}),
    probe: probeMappings,
    foreign: { returns: (caller) => ({ proposals: [], unmapped: caller.organizationIds.length }) },
  },
  "mappings.acceptAutoMatches": {
    input: mappingInput,
    probe: probeMappings,
    foreign: {
      returns: () => ({
        accepted: 0,
        withoutAgreement: 0,
        message: "0 organizations mapped. Sync stays off until you turn it on.",
      }),
    },
  },
  "mappings.exportCsv": {
    input: () => ({}),
    probe: probeMappings,
    // B's own organizations, unmapped; none of A's.
    foreign: {
      returns: (caller) => ({
        filename: `connectwise-mappings-${caller.slug}-${new Date().toISOString().slice(0, 10)}.csv`,
        csv: [
          csvHeader,
          ...["Alpha", "Beta", "Gamma"].map(
            (name, index) => `${caller.label}-org-${index + 1},${caller.label} ${name} Corp,,,,,,false`,
          ),
          "",
        ].join("\r\n"),
        rows: caller.organizationIds.length,
      }),
    },
  },
  "mappings.importCsv": {
    input: mappingInput,
    probe: probeMappings,
    foreign: {
      returns: (_caller, target) => ({
        applied: 0,
        unchanged: 0,
        errors: [{ line: 2, message: `No organization with id "${target.label}-org-1" in this workspace` }],
        message: "Nothing was imported: 1 problem in the file.",
      }),
    },
  },
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
  "catalog.publish": { input: () => ({}), probe: probeCatalog, foreign: { refused: "not-connected" } },
  "catalog.saveSettings": { input: catalogSettingsInput, probe: probeCatalog, foreign: { refused: "not-connected" } },
  "catalog.options": { input: () => ({ categoryId: 2 }), probe: probeCatalog, foreign: { refused: "not-connected" } },
  "catalog.subcategories": {
    input: () => ({ categoryId: 2 }),
    probe: probeCatalog,
    foreign: { refused: "not-connected" },
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
  "people.list": {
    input: () => ({}),
    probe: probePeople,
    // B's own members (sorted by email), none of A's.
    foreign: {
      returns: (caller) => ({
        invitations: [],
        members: (["admin", "billing", "owner", "viewer"] as const).map((role) =>
          expect.objectContaining({ userId: caller.users[role].id, role }),
        ),
      }),
    },
  },
  "people.invite": {
    input: (target) => ({ email: `new@${target.slug}.example`, role: "admin" }),
    probe: probePeople,
    foreign: {
      // An invitation into B's own workspace (the address is only text).
      returns: (_caller, target) =>
        expect.objectContaining({ email: `new@${target.slug}.example`, role: "admin", mailSent: false }),
    },
  },
  "people.resendInvitation": {
    input: invitationInput,
    probe: probePeopleWithInvitation,
    foreign: { refused: "not-found" },
  },
  "people.revokeInvitation": {
    input: invitationInput,
    probe: probePeopleWithInvitation,
    foreign: { refused: "not-found" },
  },
  "people.changeRole": {
    input: (target) => ({ userId: target.users.admin.id, role: "viewer" }),
    probe: probePeople,
    foreign: { refused: "not-found" },
  },
  "people.removeMember": {
    input: (target) => ({ userId: target.users.viewer.id }),
    probe: probePeople,
    foreign: { refused: "not-found" },
  },
  "audit.list": {
    input: () => ({ page: 1 }),
    probe: probeAudit,
    foreign: {
      // B's own log: no entry by any of A's people.
      returns: (_caller, target) =>
        expect.objectContaining({
          entries: expect.not.arrayContaining([
            expect.objectContaining({ actorEmail: expect.stringContaining(`@${target.slug}.example`) }),
          ]),
        }),
    },
  },
  "audit.exportCsv": {
    input: () => ({}),
    probe: probeAudit,
    foreign: {
      returns: (caller, target) =>
        expect.objectContaining({
          filename: expect.stringContaining(caller.slug),
          csv: expect.not.stringMatching(new RegExp(`,[a-z]+@${target.slug}\\.example,`)),
        }),
    },
  },
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
  "billing.setPolicy": {
    input: () => ({ countBasis: "peak", timing: "period-end" }),
    probe: probeBillingPolicies,
    foreign: {
      // B's own workspace policy.
      returns: () => ({
        countBasis: "peak",
        timing: "period-end",
        message: "Billing policy saved; the next sync uses it.",
      }),
    },
  },
  "billing.setMappingPolicy": {
    input: (target: TestWorkspace) => ({ organizationId: target.organizationIds[0], countBasis: "peak", timing: null }),
    probe: async (db: Database, target: TestWorkspace) => {
      await ensureSyncTarget(db, target);
      return probeBillingPolicies(db, target);
    },
    foreign: { refused: "not-found" },
  },
} satisfies Record<string, ActionCase>);

Object.assign(actionCases, {
  "sync.setSettings": {
    input: () => ({ verifyIntervalHours: 6 }),
    probe: async (db: Database, target: TestWorkspace) => {
      const [settings] = await db.select().from(syncSettings).where(eq(syncSettings.workspaceId, target.id));
      const due = await db
        .select({ id: mappings.id, nextDueAt: mappings.nextDueAt })
        .from(mappings)
        .where(eq(mappings.workspaceId, target.id));
      return { settings: settings ?? null, due };
    },
    foreign: {
      // B's own setting.
      returns: () => ({
        verifyIntervalHours: 6,
        message: "Saved: organizations whose usage did not change are read from ConnectWise every 6 hours.",
      }),
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
    foreign: { returns: () => ({ message: "Approval policy saved; the next sync applies it." }) },
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
    foreign: { refused: "not-found" },
  },
} satisfies Record<string, ActionCase>);

/** A's alert settings, channels and delivery log, as one comparable value. */
async function probeAlerts(db: Database, target: TestWorkspace) {
  alertTargets.set(target.id, await ensureAlertChannel(db, target));
  const [settings] = await db.select().from(alertSettings).where(eq(alertSettings.workspaceId, target.id));
  const channels = await db.select().from(alertChannels).where(eq(alertChannels.workspaceId, target.id));
  const deliveries = await db
    .select({ id: alertDeliveries.id, state: alertDeliveries.state })
    .from(alertDeliveries)
    .where(eq(alertDeliveries.workspaceId, target.id));
  return { settings: settings ?? null, channels: channels.sort((l, r) => l.id.localeCompare(r.id)), deliveries };
}

/** A's webhook channel, created on first use so the channel actions have a real target. */
async function ensureAlertChannel(db: Database, target: TestWorkspace): Promise<string> {
  const [existing] = await db
    .select({ id: alertChannels.id })
    .from(alertChannels)
    .where(eq(alertChannels.workspaceId, target.id));
  if (existing) return existing.id;
  const [created] = await db
    .insert(alertChannels)
    .values({ workspaceId: target.id, kind: "webhook", name: "Probe", url: "http://127.0.0.1:9/hook" })
    .returning({ id: alertChannels.id });
  return created!.id;
}

const alertTargets = new Map<string, string>();
const alertInput = (target: TestWorkspace) => ({
  channelId: alertTargets.get(target.id) ?? "00000000-0000-4000-8000-000000000000",
  enabled: false,
});

const alertChannelInput = (target: TestWorkspace) => ({
  channelId: alertTargets.get(target.id) ?? "00000000-0000-4000-8000-000000000000",
});

Object.assign(actionCases, {
  "alerts.saveSettings": {
    input: () => ({
      rules: {
        "connection-unhealthy": { enabled: false, threshold: null },
        "sync-failing": { enabled: false, threshold: 1 },
        "sync-stale": { enabled: false, threshold: 1 },
        "usage-unmapped": { enabled: false, threshold: 1 },
        "drift-corrected": { enabled: false, threshold: null },
        "approvals-waiting": { enabled: false, threshold: null },
      },
      digestEnabled: true,
      digestHourUtc: 3,
    }),
    probe: probeAlerts,
    foreign: { returns: () => ({ saved: true }) },
  },
  "alerts.createChannel": {
    input: () => ({ kind: "webhook", name: "Intruder", url: "http://127.0.0.1:9/intruder" }),
    probe: probeAlerts,
    foreign: { refused: "invalid", fieldErrors: { url: expect.any(String) } },
  },
  "alerts.setChannelEnabled": { input: alertInput, probe: probeAlerts, foreign: { refused: "not-found" } },
  "alerts.deleteChannel": { input: alertChannelInput, probe: probeAlerts, foreign: { refused: "not-found" } },
  "alerts.sendTestEvent": { input: alertChannelInput, probe: probeAlerts, foreign: { refused: "not-found" } },
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
  "apiTokens.create": {
    input: () => ({ name: "Platform", scopes: ["read", "write"] }),
    probe: probeApiTokens,
    foreign: {
      // A token of B's own.
      returns: () =>
        expect.objectContaining({ name: "Platform", scopes: ["read", "write"], token: expect.any(String) }),
    },
  },
  "apiTokens.revoke": {
    input: (target: TestWorkspace) => ({
      tokenId: apiTokenTargets.get(target.id) ?? "00000000-0000-4000-8000-000000000000",
    }),
    probe: probeApiTokens,
    foreign: { refused: "not-found" },
  },
  "platformApi.saveOffboarding": {
    input: () => ({ offboardingAdditions: "leave" }),
    probe: probeApiTokens,
    foreign: { returns: () => ({ offboardingAdditions: "leave" }) },
  },
});

/** A's monthly report email (saved once, so a refused save or send has something to leave unchanged). */
async function probeReportSchedule(db: Database, target: TestWorkspace) {
  await db
    .insert(reportSchedules)
    .values({ workspaceId: target.id, enabled: true, recipients: ["probe@billbridge.example"], dayOfMonth: 9 })
    .onConflictDoNothing();
  const [schedule] = await db.select().from(reportSchedules).where(eq(reportSchedules.workspaceId, target.id));
  const deliveries = await db.select().from(reportDeliveries).where(eq(reportDeliveries.workspaceId, target.id));
  return { schedule, deliveries };
}

Object.assign(actionCases, {
  "reports.saveSchedule": {
    input: () => ({ enabled: false, recipients: "", dayOfMonth: 3 }),
    probe: probeReportSchedule,
    // B saves a schedule of its own (without recipients, so B's "Send now" stays refused in any order).
    foreign: { returns: () => ({ saved: true }) },
  },
  "reports.sendNow": {
    input: () => ({}),
    probe: probeReportSchedule,
    // B has no recipients of its own; A's are never used.
    foreign: { refused: "invalid" },
  },
});
