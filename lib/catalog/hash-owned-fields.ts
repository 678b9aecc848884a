import { createHash } from "node:crypto";
import type { DesiredCatalogItem } from "./build-catalog-item";

/**
 * A stable hash of the fields Billbridge owns on a catalog item, stored in catalog_links.written_hash
 * after each write: a run writes again only when this changes. Keys are listed explicitly so adding a
 * property to DesiredCatalogItem is a deliberate change of what we own, and money is hashed in cents.
 */
export function hashOwnedFields(item: DesiredCatalogItem): string {
  const owned = [
    item.identifier,
    item.description,
    item.customerDescription,
    item.productTypeId,
    item.categoryId,
    item.subcategoryId,
    item.unitOfMeasureId,
    Math.round(item.price * 100),
    Math.round(item.cost * 100),
    item.productClass,
    item.taxable,
    item.inactive,
  ];
  return createHash("sha256").update(JSON.stringify(owned)).digest("hex");
}
