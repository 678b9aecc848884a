import { and, asc, eq, inArray, notInArray } from "drizzle-orm";
import type { Database } from "../index";
import {
  approvalPolicies,
  heldChanges,
  organizations,
  products,
  type ApprovalState,
  type HoldRule,
  type NewApprovalPolicy,
} from "../schema";

export async function findApprovalPolicy(db: Database, params: { workspaceId: string }) {
  const [row] = await db.select().from(approvalPolicies).where(eq(approvalPolicies.workspaceId, params.workspaceId));
  return row ?? null;
}

export async function upsertApprovalPolicy(
  db: Database,
  params: { workspaceId: string; values: Omit<NewApprovalPolicy, "workspaceId" | "updatedAt"> },
) {
  const values = { ...params.values, updatedAt: new Date() };
  const [row] = await db
    .insert(approvalPolicies)
    .values({ workspaceId: params.workspaceId, ...values })
    .onConflictDoUpdate({ target: approvalPolicies.workspaceId, set: values })
    .returning();
  return row!;
}

export async function listHeldChangesOfMapping(db: Database, params: { workspaceId: string; mappingId: string }) {
  return db
    .select()
    .from(heldChanges)
    .where(and(eq(heldChanges.workspaceId, params.workspaceId), eq(heldChanges.mappingId, params.mappingId)));
}

/** Holds (or holds again, with a new target) one line's change; a new target resets the decision. */
export async function upsertHeldChange(
  db: Database,
  params: {
    workspaceId: string;
    mappingId: string;
    organizationId: string;
    productId: string | null;
    catalogItemId: number;
    action: "create" | "update" | "cancel" | "zero";
    additionId: number | null;
    beforeQuantity: number;
    afterQuantity: number;
    unitPrice: number | null;
    rule: HoldRule;
  },
) {
  const values = {
    organizationId: params.organizationId,
    productId: params.productId,
    action: params.action,
    additionId: params.additionId,
    beforeQuantity: String(params.beforeQuantity),
    afterQuantity: String(params.afterQuantity),
    unitPrice: params.unitPrice === null ? null : String(params.unitPrice),
    rule: params.rule,
    state: "held" as const,
    heldSince: new Date(),
    decidedBy: null,
    decidedAt: null,
  };
  await db
    .insert(heldChanges)
    .values({
      workspaceId: params.workspaceId,
      mappingId: params.mappingId,
      catalogItemId: params.catalogItemId,
      ...values,
    })
    .onConflictDoUpdate({
      target: [heldChanges.mappingId, heldChanges.catalogItemId],
      set: values,
      setWhere: eq(heldChanges.workspaceId, params.workspaceId),
    });
}

/** Removes a mapping's decisions except those of `keepCatalogItemIds` (lines whose change is still planned). */
export async function deleteHeldChangesExcept(
  db: Database,
  params: { workspaceId: string; mappingId: string; keepCatalogItemIds: number[] },
) {
  await db
    .delete(heldChanges)
    .where(
      and(
        eq(heldChanges.workspaceId, params.workspaceId),
        eq(heldChanges.mappingId, params.mappingId),
        ...(params.keepCatalogItemIds.length > 0
          ? [notInArray(heldChanges.catalogItemId, params.keepCatalogItemIds)]
          : []),
      ),
    );
}

export async function deleteHeldChange(db: Database, params: { workspaceId: string; id: string }) {
  await db
    .delete(heldChanges)
    .where(and(eq(heldChanges.workspaceId, params.workspaceId), eq(heldChanges.id, params.id)));
}

/** Every change of the workspace waiting for a decision, or decided, with organization and product names. */
export async function listHeldChanges(db: Database, params: { workspaceId: string; states?: ApprovalState[] }) {
  return db
    .select({
      change: heldChanges,
      organizationName: organizations.name,
      productName: products.name,
    })
    .from(heldChanges)
    .innerJoin(organizations, eq(organizations.id, heldChanges.organizationId))
    .leftJoin(products, eq(products.id, heldChanges.productId))
    .where(
      and(
        eq(heldChanges.workspaceId, params.workspaceId),
        ...(params.states ? [inArray(heldChanges.state, params.states)] : []),
      ),
    )
    .orderBy(asc(heldChanges.heldSince));
}

export async function countHeldChanges(db: Database, params: { workspaceId: string }): Promise<number> {
  const rows = await db
    .select({ id: heldChanges.id })
    .from(heldChanges)
    .where(and(eq(heldChanges.workspaceId, params.workspaceId), eq(heldChanges.state, "held")));
  return rows.length;
}

/** Records a decision on the given held changes of the workspace; returns the ones decided. */
export async function decideHeldChanges(
  db: Database,
  params: { workspaceId: string; ids: string[]; state: "approved" | "rejected"; userId: string },
) {
  if (params.ids.length === 0) return [];
  return db
    .update(heldChanges)
    .set({ state: params.state, decidedBy: params.userId, decidedAt: new Date() })
    .where(and(eq(heldChanges.workspaceId, params.workspaceId), inArray(heldChanges.id, params.ids)))
    .returning();
}
