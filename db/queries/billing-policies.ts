import { and, eq } from "drizzle-orm";
import type { Database } from "../index";
import { billingPolicies, mappingBillingPolicies, type BillingTiming, type CountBasis } from "../schema";

export async function findBillingPolicy(db: Database, params: { workspaceId: string }) {
  const [row] = await db.select().from(billingPolicies).where(eq(billingPolicies.workspaceId, params.workspaceId));
  return row ?? null;
}

export async function upsertBillingPolicy(
  db: Database,
  params: { workspaceId: string; countBasis: CountBasis; timing: BillingTiming },
) {
  const values = { countBasis: params.countBasis, timing: params.timing, updatedAt: new Date() };
  const [row] = await db
    .insert(billingPolicies)
    .values({ workspaceId: params.workspaceId, ...values })
    .onConflictDoUpdate({ target: billingPolicies.workspaceId, set: values })
    .returning();
  return row!;
}

export async function findMappingBillingPolicy(db: Database, params: { workspaceId: string; mappingId: string }) {
  const [row] = await db
    .select()
    .from(mappingBillingPolicies)
    .where(
      and(
        eq(mappingBillingPolicies.workspaceId, params.workspaceId),
        eq(mappingBillingPolicies.mappingId, params.mappingId),
      ),
    );
  return row ?? null;
}

/** Sets or clears (both null) one mapping's override. The mapping must belong to the workspace (checked by the caller). */
export async function upsertMappingBillingPolicy(
  db: Database,
  params: { workspaceId: string; mappingId: string; countBasis: CountBasis | null; timing: BillingTiming | null },
) {
  if (params.countBasis === null && params.timing === null) {
    await db
      .delete(mappingBillingPolicies)
      .where(
        and(
          eq(mappingBillingPolicies.workspaceId, params.workspaceId),
          eq(mappingBillingPolicies.mappingId, params.mappingId),
        ),
      );
    return null;
  }
  const values = { countBasis: params.countBasis, timing: params.timing, updatedAt: new Date() };
  const [row] = await db
    .insert(mappingBillingPolicies)
    .values({ workspaceId: params.workspaceId, mappingId: params.mappingId, ...values })
    .onConflictDoUpdate({
      target: mappingBillingPolicies.mappingId,
      set: values,
      setWhere: eq(mappingBillingPolicies.workspaceId, params.workspaceId),
    })
    .returning();
  return row ?? null;
}
