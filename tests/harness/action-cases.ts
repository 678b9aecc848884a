import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import { psaConnectionChecks, psaConnections, usageHistory } from "@/db/schema";
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
