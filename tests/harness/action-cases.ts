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
  alertChannels,
  alertDeliveries,
  alertSettings,
  apiTokens,
  catalogLinks,
  catalogSyncRuns,
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

Object.assign(actionCases, {
  "alerts.saveSettings": {
    input: () => ({
      rules: {
        "connection-unhealthy": { enabled: false, threshold: null },
        "sync-failing": { enabled: false, threshold: 1 },
        "sync-stale": { enabled: false, threshold: 1 },
        "usage-unmapped": { enabled: false, threshold: 1 },
        "drift-corrected": { enabled: false, threshold: null },
      },
      digestEnabled: true,
      digestHourUtc: 3,
    }),
    probe: probeAlerts,
  },
  "alerts.createChannel": {
    input: () => ({ kind: "webhook", name: "Intruder", url: "http://127.0.0.1:9/intruder" }),
    probe: probeAlerts,
  },
  "alerts.setChannelEnabled": { input: alertInput, probe: probeAlerts },
  "alerts.deleteChannel": { input: alertInput, probe: probeAlerts },
  "alerts.sendTestEvent": { input: alertInput, probe: probeAlerts },
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
