/**
 * What a vendor product should look like as a ConnectWise catalog item, given the workspace's catalog
 * settings. Pure: the sync job, the Catalog tab and the tests all derive the same item from the same inputs.
 */
import { createHash } from "node:crypto";
import type { CatalogSettings, Product } from "@/db/schema";
import { CATALOG_ITEM_LIMITS, type ProductClass } from "@/lib/connectwise";
import { productUnitKey } from "./match-units-of-measure";

export type CatalogProduct = Pick<Product, "sku" | "name" | "description" | "cost" | "suggestedPrice" | "active"> &
  Partial<Pick<Product, "unit">>;

/**
 * NonInventory, not Service: the products are per-seat subscriptions resold on agreements, with no stock
 * to track and no labour behind them. NonInventory is ConnectWise's own default class and the one vendor
 * license integrations publish (REFERENCE §5.4); Service items are meant for labour and carry
 * service-ticket semantics an MSP would not expect on a license.
 */
export const CATALOG_PRODUCT_CLASS: ProductClass = "NonInventory";

/** The fields Billbridge owns on its catalog items, as it wants them. */
export interface DesiredCatalogItem {
  identifier: string;
  description: string;
  customerDescription: string;
  productTypeId: number;
  categoryId: number;
  subcategoryId: number;
  unitOfMeasureId: number | null;
  price: number;
  cost: number;
  productClass: ProductClass;
  taxable: boolean;
  inactive: boolean;
}

export type CatalogItemSettings = Pick<
  CatalogSettings,
  "productTypeId" | "categoryId" | "subcategoryId" | "unitOfMeasureId" | "identifierPrefix" | "pricePolicy" | "taxable"
> &
  Pick<Partial<CatalogSettings>, "unitsByProductUnit">;

const ELLIPSIS = "…";

/** Cuts at `max` UTF-16 units without splitting a surrogate pair. */
function sliceSafely(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** Control characters become spaces (ConnectWise turns \r and \n into spaces anyway) and runs of spaces collapse. */
function cleanText(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Shortens text to `max` characters on a word boundary, ending with an ellipsis; a single word longer
 * than the limit is cut mid-word rather than dropped.
 */
export function truncateOnWordBoundary(text: string, max: number): string {
  const cleaned = cleanText(text);
  if (cleaned.length <= max) return cleaned;
  const room = sliceSafely(cleaned, max - ELLIPSIS.length);
  const lastSpace = room.lastIndexOf(" ");
  // Only back up to a word boundary when that keeps most of the text.
  const cut = lastSpace >= Math.floor(room.length / 2) ? room.slice(0, lastSpace) : room;
  return cut.replace(/[\s.,;:!?\-–—]+$/u, "") + ELLIPSIS;
}

/**
 * Prefix + SKU, at most 75 characters; a SKU that already starts with the prefix (any case) is used as it
 * is, so "SASE-PRO-USER" stays SASE-PRO-USER rather than SASE-SASE-PRO-USER. A longer one keeps its start
 * and ends with a short hash of the whole SKU, so two long SKUs that share their first 75 characters still
 * get different identifiers.
 */
export function buildCatalogIdentifier(prefix: string, sku: string): string {
  const cleanPrefix = cleanText(prefix);
  const cleanSku = cleanText(sku);
  const carriesPrefix = cleanPrefix !== "" && cleanSku.toLowerCase().startsWith(cleanPrefix.toLowerCase());
  const full = carriesPrefix ? cleanSku : cleanPrefix + cleanSku;
  const max = CATALOG_ITEM_LIMITS.identifier;
  if (full.length <= max) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
  return sliceSafely(full, max - hash.length - 1).replace(/[\s\-_.]+$/, "") + "-" + hash;
}

function toCents(amount: string | number): number {
  const value = typeof amount === "number" ? amount : Number.parseFloat(amount);
  if (!Number.isFinite(value)) throw new RangeError(`"${amount}" is not an amount of money`);
  return Math.round(value * 100);
}

/** The catalog price per the policy, in whole cents: the suggested price, or cost plus a markup. */
export function computeCatalogPrice(
  product: Pick<CatalogProduct, "cost" | "suggestedPrice">,
  policy: CatalogSettings["pricePolicy"],
): number {
  if (policy.kind === "suggested") return toCents(product.suggestedPrice) / 100;
  const costCents = toCents(product.cost);
  // Rounded once at the end; the tiny epsilon keeps 0.5-cent results that floating point lands at x.4999… rounding up.
  const priceCents = Math.round((costCents * (100 + policy.percent)) / 100 + 1e-9);
  return priceCents / 100;
}

export function buildCatalogItem(product: CatalogProduct, settings: CatalogItemSettings): DesiredCatalogItem {
  const name = cleanText(product.name) || cleanText(product.sku);
  const longText = cleanText(product.description) || name;
  return {
    identifier: buildCatalogIdentifier(settings.identifierPrefix, product.sku),
    description: truncateOnWordBoundary(name, CATALOG_ITEM_LIMITS.description),
    customerDescription: truncateOnWordBoundary(longText, CATALOG_ITEM_LIMITS.customerDescription),
    productTypeId: settings.productTypeId,
    categoryId: settings.categoryId,
    subcategoryId: settings.subcategoryId,
    unitOfMeasureId:
      (product.unit ? settings.unitsByProductUnit?.[productUnitKey(product.unit)]?.id : undefined) ??
      settings.unitOfMeasureId,
    price: computeCatalogPrice(product, settings.pricePolicy),
    cost: toCents(product.cost) / 100,
    productClass: CATALOG_PRODUCT_CLASS,
    taxable: settings.taxable,
    inactive: !product.active,
  };
}
