/**
 * The catalog planner: from the vendor products as they should be published, what Billbridge last wrote
 * (catalog_links) and what ConnectWise has under our identifiers (one lookup), decide per product what
 * to do. Pure and total: every product gets exactly one action.
 *
 * Rules, in order:
 * - The ConnectWise item of a product is the found item with the linked id, else the one carrying the
 *   product's identifier (case-insensitively, as ConnectWise compares identifiers), else the one with
 *   the identifier we last wrote (so a new prefix renames the item instead of creating a second one).
 * - Active product, no item → create it with every required field.
 * - Active product, item not linked yet → adopt it, writing only the owned fields that differ.
 * - Active product, linked item, hash of the desired fields equals the hash we last wrote → unchanged,
 *   without a call: we compare with what we wrote, not with ConnectWise, so a hand edit in ConnectWise
 *   survives until our side changes.
 * - Active product, linked item, hash differs → update only the owned fields whose value differs from
 *   ConnectWise's (no call at all if none does).
 * - Retired product with an active item → deactivate it (inactiveFlag only). Nothing is ever deleted.
 * - Retired product without an item → skip: a retired product is never created.
 * - Two products whose identifiers collide → the later one fails with a message.
 */
import type { CatalogItemChanges, ConnectWiseCatalogItem } from "@/lib/connectwise";
import type { DesiredCatalogItem } from "./build-catalog-item";
import { hashOwnedFields } from "./hash-owned-fields";

export interface PlannedProduct {
  productId: string;
  item: DesiredCatalogItem;
}

export interface CatalogLinkSnapshot {
  productId: string;
  cwCatalogItemId: number | null;
  cwIdentifier: string;
  writtenHash: string | null;
}

export type CatalogSyncAction =
  | { kind: "create"; productId: string; item: DesiredCatalogItem; hash: string }
  | {
      kind: "adopt";
      productId: string;
      catalogItemId: number;
      identifier: string;
      changes: CatalogItemChanges;
      hash: string;
    }
  | {
      kind: "update";
      productId: string;
      catalogItemId: number;
      identifier: string;
      changes: CatalogItemChanges;
      hash: string;
    }
  | {
      kind: "deactivate";
      productId: string;
      catalogItemId: number;
      identifier: string;
      changes: CatalogItemChanges;
      hash: string;
    }
  | { kind: "unchanged"; productId: string; catalogItemId: number; identifier: string; hash: string; retired: boolean }
  | { kind: "skip"; productId: string; identifier: string; reason: "retired-unpublished" }
  | { kind: "conflict"; productId: string; identifier: string; message: string };

export type CatalogSyncActionKind = CatalogSyncAction["kind"];

const normalize = (identifier: string) => identifier.trim().toLowerCase();
const sameMoney = (a: number | null, b: number) => a !== null && Math.round(a * 100) === Math.round(b * 100);

/** The identifiers one lookup must ask for: every desired identifier and every identifier we last wrote. */
export function listLookupIdentifiers(
  products: readonly PlannedProduct[],
  links: readonly CatalogLinkSnapshot[],
): string[] {
  const seen = new Map<string, string>();
  for (const identifier of [
    ...products.map((product) => product.item.identifier),
    ...links.map((link) => link.cwIdentifier),
  ]) {
    if (identifier.trim() !== "" && !seen.has(normalize(identifier))) seen.set(normalize(identifier), identifier);
  }
  return [...seen.values()];
}

/** The owned fields whose desired value differs from the item in ConnectWise; `inactive` only when asked. */
export function diffOwnedFields(desired: DesiredCatalogItem, found: ConnectWiseCatalogItem): CatalogItemChanges {
  const changes: CatalogItemChanges = {};
  if (found.identifier !== desired.identifier) changes.identifier = desired.identifier;
  if (found.description !== desired.description) changes.description = desired.description;
  if ((found.customerDescription ?? "") !== desired.customerDescription)
    changes.customerDescription = desired.customerDescription;
  if (found.productTypeId !== desired.productTypeId) changes.productTypeId = desired.productTypeId;
  if (found.categoryId !== desired.categoryId) changes.categoryId = desired.categoryId;
  if (found.subcategoryId !== desired.subcategoryId) changes.subcategoryId = desired.subcategoryId;
  if (desired.unitOfMeasureId !== null && found.unitOfMeasureId !== desired.unitOfMeasureId)
    changes.unitOfMeasureId = desired.unitOfMeasureId;
  if (!sameMoney(found.price, desired.price)) changes.price = desired.price;
  if (!sameMoney(found.cost, desired.cost)) changes.cost = desired.cost;
  if ((found.taxable ?? false) !== desired.taxable) changes.taxable = desired.taxable;
  if (found.productClass !== desired.productClass) changes.productClass = desired.productClass;
  if (found.inactive !== desired.inactive) changes.inactive = desired.inactive;
  return changes;
}

export function planCatalogSync(
  products: readonly PlannedProduct[],
  links: readonly CatalogLinkSnapshot[],
  foundItems: readonly ConnectWiseCatalogItem[],
): CatalogSyncAction[] {
  const linkByProduct = new Map(links.map((link) => [link.productId, link]));
  const foundById = new Map(foundItems.map((item) => [item.id, item]));
  const foundByIdentifier = new Map<string, ConnectWiseCatalogItem>();
  // Lowest id first, so duplicates ConnectWise should not have resolve the same way on every run.
  for (const item of [...foundItems].sort((a, b) => a.id - b.id)) {
    if (!foundByIdentifier.has(normalize(item.identifier))) foundByIdentifier.set(normalize(item.identifier), item);
  }
  const claimedIdentifiers = new Map<string, string>();
  const claimedItems = new Set<number>();
  const actions: CatalogSyncAction[] = [];

  for (const { productId, item } of products) {
    const key = normalize(item.identifier);
    const owner = claimedIdentifiers.get(key);
    if (owner !== undefined) {
      actions.push({
        kind: "conflict",
        productId,
        identifier: item.identifier,
        message: `Its ConnectWise identifier "${item.identifier}" is the same as another product's. Give one of them a different SKU.`,
      });
      continue;
    }
    claimedIdentifiers.set(key, productId);

    const link = linkByProduct.get(productId);
    const candidates = [
      link?.cwCatalogItemId != null ? foundById.get(link.cwCatalogItemId) : undefined,
      foundByIdentifier.get(key),
      link ? foundByIdentifier.get(normalize(link.cwIdentifier)) : undefined,
    ];
    const found = candidates.find((candidate) => candidate !== undefined && !claimedItems.has(candidate.id));
    const hash = hashOwnedFields(item);

    if (!found) {
      actions.push(
        item.inactive
          ? { kind: "skip", productId, identifier: item.identifier, reason: "retired-unpublished" }
          : { kind: "create", productId, item, hash },
      );
      continue;
    }
    claimedItems.add(found.id);
    const base = { productId, catalogItemId: found.id, identifier: item.identifier, hash };

    if (item.inactive) {
      actions.push(
        found.inactive
          ? { kind: "unchanged", ...base, retired: true }
          : { kind: "deactivate", ...base, changes: { inactive: true } },
      );
      continue;
    }
    const linked = link?.cwCatalogItemId === found.id;
    if (linked && link.writtenHash === hash) {
      actions.push({ kind: "unchanged", ...base, retired: false });
      continue;
    }
    const changes = diffOwnedFields(item, found);
    if (!linked) actions.push({ kind: "adopt", ...base, changes });
    else if (Object.keys(changes).length === 0) actions.push({ kind: "unchanged", ...base, retired: false });
    else actions.push({ kind: "update", ...base, changes });
  }
  return actions;
}

/** Counts per action kind, for the run summary. */
export function summarizeCatalogPlan(actions: readonly CatalogSyncAction[]): Record<CatalogSyncActionKind, number> {
  const summary: Record<CatalogSyncActionKind, number> = {
    create: 0,
    adopt: 0,
    update: 0,
    deactivate: 0,
    unchanged: 0,
    skip: 0,
    conflict: 0,
  };
  for (const action of actions) summary[action.kind] += 1;
  return summary;
}
