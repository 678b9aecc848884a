/**
 * The desired state of one organization (DESIGN.md §4): one line per active product of ours that has
 * a ConnectWise catalog item, with the organization's usage (0 when none) and the price and cost the
 * connection's catalog settings ask for. Pure, so the pricing rules are unit-tested on their own.
 */
import type { CatalogSettings } from "@/db/schema";
import type { DesiredLine } from "./plan-agreement-changes";
import { labelAddition } from "./select-owned-additions";

export interface ProductForSync {
  productId: string;
  name: string;
  sku: string;
  active: boolean;
  cost: string;
  suggestedPrice: string;
  catalogItemId: number | null;
  /** Numeric text from the usage table; null when the organization has no usage row. */
  quantity: string | null;
}

/** ConnectWise keeps addition descriptions short; ours names the product. */
const descriptionLimit = 60;

export function describeAddition(product: Pick<ProductForSync, "name">): string {
  const text = product.name.trim();
  return text.length <= descriptionLimit ? text : `${text.slice(0, descriptionLimit - 1)}…`;
}

function roundMoney(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Price and cost per the catalog settings' price policy. Without catalog settings both are null:
 * ConnectWise then copies them from the catalog item.
 */
export function priceProduct(
  product: Pick<ProductForSync, "cost" | "suggestedPrice">,
  settings: Pick<CatalogSettings, "pricePolicy"> | null,
): { unitPrice: number | null; unitCost: number | null } {
  if (settings === null) return { unitPrice: null, unitCost: null };
  const cost = Number(product.cost);
  const unitCost = Number.isFinite(cost) ? roundMoney(cost) : null;
  if (settings.pricePolicy.kind === "markup") {
    return {
      unitPrice: unitCost === null ? null : roundMoney(unitCost * (1 + settings.pricePolicy.percent / 100)),
      unitCost,
    };
  }
  const suggested = Number(product.suggestedPrice);
  return { unitPrice: Number.isFinite(suggested) ? roundMoney(suggested) : null, unitCost };
}

/**
 * Desired lines for the planner, labelled with the organization's name when given. Inactive products are left out, so their additions are planned as
 * retired (removal policy); products without a catalog item cannot be billed and are left out too.
 */
export function buildDesiredLines(
  products: readonly ProductForSync[],
  settings: CatalogSettings | null,
  organizationName?: string,
): DesiredLine[] {
  const lines: DesiredLine[] = [];
  const seenCatalogItems = new Set<number>();
  for (const product of products) {
    if (!product.active || product.catalogItemId === null || seenCatalogItems.has(product.catalogItemId)) continue;
    seenCatalogItems.add(product.catalogItemId);
    const quantity = product.quantity === null ? 0 : Number(product.quantity);
    lines.push({
      productId: product.productId,
      catalogItemId: product.catalogItemId,
      quantity: Number.isFinite(quantity) && quantity > 0 ? quantity : 0,
      ...priceProduct(product, settings),
      description: describeAddition(product),
      ...(organizationName === undefined ? {} : { invoiceDescription: labelAddition(product.name, organizationName) }),
    });
  }
  return lines;
}
