import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import { usageHistory } from "@/db/schema";
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
