import type { Database } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { findConnection } from "@/db/queries/connections";
import { findProductBySku, insertProduct, updateProduct } from "@/db/queries/products";
import type { Product } from "@/db/schema";
import { requestCatalogSync } from "@/lib/catalog/enqueue-catalog-sync";
import type { ProductInput } from "@/lib/schemas/platform-api";
import type { ApiActor } from "./actor";

/**
 * Creates or replaces a product of the workspace (PUT semantics: omitted optional fields take their
 * defaults). A change is audited and asks for a catalog publish, which pg-boss keeps to one waiting
 * per workspace however many products change.
 */
export async function putProduct(
  db: Database,
  params: { workspaceId: string; sku: string; input: ProductInput; actor: ApiActor },
): Promise<{ created: boolean; product: Product }> {
  const values = {
    name: params.input.name,
    description: params.input.description ?? "",
    unit: params.input.unit,
    suggestedPrice: params.input.unitPrice.toFixed(2),
    cost: (params.input.unitCost ?? 0).toFixed(2),
    active: params.input.active ?? true,
  };
  const existing = await findProductBySku(db, { workspaceId: params.workspaceId, sku: params.sku });
  if (!existing) {
    const product = await insertProduct(db, {
      workspaceId: params.workspaceId,
      values: { sku: params.sku, ...values },
    });
    await recordAuditEvent(db, {
      workspaceId: params.workspaceId,
      actorUserId: null,
      action: "api.product.create",
      targetType: "product",
      targetId: product.id,
      details: { token: params.actor.tokenName, tokenId: params.actor.tokenId, sku: params.sku, values },
    });
    await requestPublish(db, params.workspaceId);
    return { created: true, product };
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, value] of Object.entries(values) as [keyof typeof values, string | boolean][]) {
    const before =
      field === "suggestedPrice" || field === "cost" ? Number(existing[field]).toFixed(2) : existing[field];
    if (before !== value) changes[field] = { from: before, to: value };
  }
  if (Object.keys(changes).length === 0) return { created: false, product: existing };
  const product = await updateProduct(db, { workspaceId: params.workspaceId, productId: existing.id, values });
  await recordAuditEvent(db, {
    workspaceId: params.workspaceId,
    actorUserId: null,
    action: "api.product.update",
    targetType: "product",
    targetId: product.id,
    details: { token: params.actor.tokenName, tokenId: params.actor.tokenId, sku: params.sku, changes },
  });
  await requestPublish(db, params.workspaceId);
  return { created: false, product };
}

/** A publish only makes sense once ConnectWise is connected; Apply publishes everything anyway. */
async function requestPublish(db: Database, workspaceId: string): Promise<void> {
  const connection = await findConnection(db, { workspaceId });
  if (!connection || connection.status === "disconnected") return;
  await requestCatalogSync(db, { workspaceId, trigger: "catalog-change" });
}
