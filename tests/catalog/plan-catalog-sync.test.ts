import { describe, expect, it } from "vitest";
import { buildCatalogItem, type CatalogItemSettings, type DesiredCatalogItem } from "@/lib/catalog/build-catalog-item";
import { hashOwnedFields } from "@/lib/catalog/hash-owned-fields";
import {
  diffOwnedFields,
  listLookupIdentifiers,
  planCatalogSync,
  summarizeCatalogPlan,
  type CatalogLinkSnapshot,
} from "@/lib/catalog/plan-catalog-sync";
import type { ConnectWiseCatalogItem } from "@/lib/connectwise";

const settings: CatalogItemSettings = {
  productTypeId: 3,
  categoryId: 7,
  subcategoryId: 41,
  unitOfMeasureId: 1,
  identifierPrefix: "SASE-",
  pricePolicy: { kind: "suggested" },
  taxable: false,
};

function planned(
  productId: string,
  sku: string,
  overrides: Partial<{ active: boolean; suggestedPrice: string; name: string }> = {},
) {
  return {
    productId,
    item: buildCatalogItem(
      {
        sku,
        name: overrides.name ?? `${sku} plan`,
        description: `${sku} plan, per user`,
        cost: "4.00",
        suggestedPrice: overrides.suggestedPrice ?? "7.00",
        active: overrides.active ?? true,
      },
      settings,
    ),
  };
}

/** A ConnectWise item exactly as we would have written it. */
function itemInConnectWise(
  id: number,
  item: DesiredCatalogItem,
  overrides: Partial<ConnectWiseCatalogItem> = {},
): ConnectWiseCatalogItem {
  return {
    id,
    identifier: item.identifier,
    description: item.description,
    customerDescription: item.customerDescription,
    inactive: item.inactive,
    price: item.price,
    cost: item.cost,
    productClass: item.productClass,
    productTypeId: item.productTypeId,
    productTypeName: "Non-Inventory",
    categoryId: item.categoryId,
    subcategoryId: item.subcategoryId,
    unitOfMeasureId: item.unitOfMeasureId,
    taxable: item.taxable,
    manufacturerPartNumber: null,
    vendorSku: null,
    lastUpdated: "2026-11-01T00:00:00Z",
    ...overrides,
  };
}

function linkFor(
  productId: string,
  id: number,
  item: DesiredCatalogItem,
  writtenHash: string | null = hashOwnedFields(item),
): CatalogLinkSnapshot {
  return { productId, cwCatalogItemId: id, cwIdentifier: item.identifier, writtenHash };
}

describe("planCatalogSync", () => {
  const essentials = planned("p1", "ESS-USER");
  const gateway = planned("p2", "GW");

  it("creates every product on the first publish", () => {
    const actions = planCatalogSync([essentials, gateway], [], []);
    expect(actions.map((action) => [action.kind, action.productId])).toEqual([
      ["create", "p1"],
      ["create", "p2"],
    ]);
    expect(actions[0]).toMatchObject({ kind: "create", item: essentials.item, hash: hashOwnedFields(essentials.item) });
  });

  it("does nothing when what we last wrote is still what we want", () => {
    const found = [itemInConnectWise(9101, essentials.item), itemInConnectWise(9102, gateway.item)];
    const links = [linkFor("p1", 9101, essentials.item), linkFor("p2", 9102, gateway.item)];
    const actions = planCatalogSync([essentials, gateway], links, found);
    expect(summarizeCatalogPlan(actions)).toMatchObject({ unchanged: 2, create: 0, update: 0 });
  });

  it("keeps a hand edit in ConnectWise while our side is unchanged", () => {
    const found = [itemInConnectWise(9101, essentials.item, { price: 99 })];
    const actions = planCatalogSync([essentials], [linkFor("p1", 9101, essentials.item)], found);
    expect(actions[0]!.kind).toBe("unchanged");
  });

  it("updates only the fields that changed when the price changes", () => {
    const before = planned("p1", "ESS-USER");
    const after = planned("p1", "ESS-USER", { suggestedPrice: "7.50" });
    const actions = planCatalogSync(
      [after],
      [linkFor("p1", 9101, before.item)],
      [itemInConnectWise(9101, before.item)],
    );
    expect(actions).toEqual([
      {
        kind: "update",
        productId: "p1",
        catalogItemId: 9101,
        identifier: after.item.identifier,
        changes: { price: 7.5 },
        hash: hashOwnedFields(after.item),
      },
    ]);
  });

  it("records the new hash without a write when ConnectWise already has our values", () => {
    const before = planned("p1", "ESS-USER");
    const after = planned("p1", "ESS-USER", { suggestedPrice: "7.50" });
    const actions = planCatalogSync([after], [linkFor("p1", 9101, before.item)], [itemInConnectWise(9101, after.item)]);
    expect(actions[0]).toMatchObject({ kind: "unchanged", hash: hashOwnedFields(after.item) });
  });

  it("adopts an item that already carries our identifier, writing only what differs", () => {
    const found = [
      itemInConnectWise(9500, essentials.item, { identifier: essentials.item.identifier.toLowerCase(), price: 6 }),
    ];
    const actions = planCatalogSync([essentials], [], found);
    expect(actions[0]).toMatchObject({
      kind: "adopt",
      catalogItemId: 9500,
      changes: { identifier: essentials.item.identifier, price: 7 },
    });
  });

  it("adopts without a write when the item already matches", () => {
    const actions = planCatalogSync([essentials], [], [itemInConnectWise(9500, essentials.item)]);
    expect(actions[0]).toMatchObject({ kind: "adopt", catalogItemId: 9500, changes: {} });
  });

  it("deactivates the item of a retired product, and never touches it again once inactive", () => {
    const retired = planned("p1", "ESS-USER", { active: false });
    const link = linkFor("p1", 9101, essentials.item);
    expect(planCatalogSync([retired], [link], [itemInConnectWise(9101, essentials.item)])[0]).toMatchObject({
      kind: "deactivate",
      catalogItemId: 9101,
      changes: { inactive: true },
    });
    expect(
      planCatalogSync([retired], [link], [itemInConnectWise(9101, essentials.item, { inactive: true })])[0],
    ).toMatchObject({ kind: "unchanged", retired: true });
  });

  it("never creates a retired product", () => {
    expect(planCatalogSync([planned("p1", "OLD", { active: false })], [], [])[0]).toMatchObject({
      kind: "skip",
      reason: "retired-unpublished",
    });
  });

  it("re-creates an item that disappeared from ConnectWise", () => {
    expect(planCatalogSync([essentials], [linkFor("p1", 9101, essentials.item)], [])[0]!.kind).toBe("create");
  });

  it("renames the linked item when the prefix changes instead of creating a second one", () => {
    const renamed = {
      productId: "p1",
      item: buildCatalogItem(
        {
          sku: "ESS-USER",
          name: "ESS-USER plan",
          description: "ESS-USER plan, per user",
          cost: "4.00",
          suggestedPrice: "7.00",
          active: true,
        },
        { ...settings, identifierPrefix: "VENDOR-" },
      ),
    };
    const link = linkFor("p1", 9101, essentials.item);
    expect(listLookupIdentifiers([renamed], [link]).sort()).toEqual(["SASE-ESS-USER", "VENDOR-ESS-USER"]);
    const actions = planCatalogSync([renamed], [link], [itemInConnectWise(9101, essentials.item)]);
    expect(actions[0]).toMatchObject({
      kind: "update",
      catalogItemId: 9101,
      changes: { identifier: "VENDOR-ESS-USER" },
    });
  });

  it("fails the second of two products whose identifiers collide, without writing", () => {
    const actions = planCatalogSync([planned("p1", "ESS"), planned("p2", "ess")], [], []);
    expect(actions.map((action) => action.kind)).toEqual(["create", "conflict"]);
  });
});

describe("diffOwnedFields", () => {
  it("compares money to the cent and treats an unset customer description as empty", () => {
    const { item } = planned("p1", "X");
    expect(diffOwnedFields(item, itemInConnectWise(1, item, { price: item.price + 0.001 }))).toEqual({});
    expect(
      diffOwnedFields({ ...item, customerDescription: "" }, itemInConnectWise(1, item, { customerDescription: null })),
    ).toEqual({});
  });
});
