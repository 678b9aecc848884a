import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import { mappings, psaConnectionChecks, psaConnections, syncRuns, usageHistory } from "@/db/schema";
import type { TestWorkspace } from "./workspaces";

/**
 * For every workspace action: an input aimed at workspace A's rows, and a probe of A's state that
 * must not change when a member of B (or a viewer of A, for writes) runs it. Every action in
 * lib/operations/index.ts must have a case here; the isolation test fails otherwise.
 */
export interface ActionCase {
  input(target: TestWorkspace): unknown;
  /** A fingerprint of the target's state that the refused or foreign call must leave equal. */
  probe(db: Database, target: TestWorkspace): Promise<unknown>;
}

export const actionCases: Record<string, ActionCase> = {
  "usage.snapshot": {
    input: () => ({}),
    probe: async (db, target) => (await db.select().from(usageHistory).where(eq(usageHistory.workspaceId, target.id))).length,
  },
};

/** A's ConnectWise connection and its checks, as one comparable value. */
async function probeConnection(db: Database, target: TestWorkspace) {
  const [connection] = await db.select().from(psaConnections).where(eq(psaConnections.workspaceId, target.id));
  const checks = await db.select({ id: psaConnectionChecks.id }).from(psaConnectionChecks).where(eq(psaConnectionChecks.workspaceId, target.id));
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
  const runs = await db.select({ id: syncRuns.id, state: syncRuns.state }).from(syncRuns).where(eq(syncRuns.workspaceId, target.id));
  const rows = await db
    .select({ id: mappings.id, lastRunState: mappings.lastRunState, nextDueAt: mappings.nextDueAt })
    .from(mappings)
    .where(eq(mappings.workspaceId, target.id));
  return { runs, mappings: rows };
}

/** A's first organization's mapping, created on first use so the sync actions have a real target. */
async function ensureSyncTarget(db: Database, target: TestWorkspace): Promise<string> {
  const [existing] = await db.select({ id: mappings.id }).from(mappings).where(eq(mappings.organizationId, target.organizationIds[0]!));
  if (existing) return existing.id;
  const [created] = await db
    .insert(mappings)
    .values({ workspaceId: target.id, organizationId: target.organizationIds[0]!, cwCompanyId: 1, cwAgreementId: 1, cwAgreementName: "Probe", syncEnabled: true })
    .returning({ id: mappings.id });
  return created!.id;
}

const syncTargets = new Map<string, string>();
const syncMappingInput = (build: (mappingId: string) => unknown) => (target: TestWorkspace) => build(syncTargets.get(target.id) ?? "00000000-0000-4000-8000-000000000000");
const probeSyncTarget = async (db: Database, target: TestWorkspace) => {
  syncTargets.set(target.id, await ensureSyncTarget(db, target));
  return probeSyncRuns(db, target);
};

Object.assign(actionCases, {
  "sync.now": { input: syncMappingInput((mappingId) => ({ mappingIds: [mappingId] })), probe: probeSyncTarget },
  "sync.all": { input: () => ({}), probe: probeSyncTarget },
  "sync.preview": { input: syncMappingInput((mappingId) => ({ mappingId })), probe: probeSyncTarget },
} satisfies Record<string, ActionCase>);
