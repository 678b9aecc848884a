import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildCatalogIdentifier,
  buildCatalogItem,
  computeCatalogPrice,
  truncateOnWordBoundary,
  type CatalogItemSettings,
} from "@/lib/catalog/build-catalog-item";
import { hashOwnedFields } from "@/lib/catalog/hash-owned-fields";

const settings: CatalogItemSettings = {
  productTypeId: 3,
  categoryId: 7,
  subcategoryId: 41,
  unitOfMeasureId: 1,
  identifierPrefix: "SASE-",
  pricePolicy: { kind: "suggested" },
  taxable: false,
};

const product = {
  sku: "EDR-STD",
  name: "Endpoint Detection Standard",
  description: "Endpoint detection and response, per protected endpoint",
  cost: "2.10",
  suggestedPrice: "4.50",
  active: true,
};

describe("buildCatalogItem", () => {
  it("fills every field ConnectWise requires from the product and the settings", () => {
    expect(buildCatalogItem(product, settings)).toEqual({
      identifier: "SASE-EDR-STD",
      description: "Endpoint Detection Standard",
      customerDescription: "Endpoint detection and response, per protected endpoint",
      productTypeId: 3,
      categoryId: 7,
      subcategoryId: 41,
      unitOfMeasureId: 1,
      price: 4.5,
      cost: 2.1,
      productClass: "NonInventory",
      taxable: false,
      inactive: false,
    });
  });

  it("marks a retired product's item inactive", () => {
    expect(buildCatalogItem({ ...product, active: false }, settings).inactive).toBe(true);
  });

  it("uses the name as the customer description when the product has none", () => {
    expect(buildCatalogItem({ ...product, description: "  " }, settings).customerDescription).toBe(
      "Endpoint Detection Standard",
    );
  });

  it("shortens a long name to 60 characters on a word boundary with an ellipsis", () => {
    const name = "Secure Access Service Edge Enterprise with Data Loss Prevention and Extended Log Retention";
    const item = buildCatalogItem({ ...product, name }, settings);
    expect(item.description.length).toBeLessThanOrEqual(60);
    expect(item.description).toBe("Secure Access Service Edge Enterprise with Data Loss…");
  });

  it("keeps the customer description within 6000 characters", () => {
    const item = buildCatalogItem({ ...product, description: "word ".repeat(2000) }, settings);
    expect(item.customerDescription.length).toBeLessThanOrEqual(6000);
    expect(item.customerDescription.endsWith("…")).toBe(true);
  });
});

describe("buildCatalogIdentifier", () => {
  it("is the prefix and the SKU when they fit in 75 characters", () => {
    expect(buildCatalogIdentifier("SASE-", "GW-DEDICATED")).toBe("SASE-GW-DEDICATED");
  });

  it("does not put the prefix before a SKU that already starts with it", () => {
    expect(buildCatalogIdentifier("SASE-", "SASE-PRO-USER")).toBe("SASE-PRO-USER");
    expect(buildCatalogIdentifier("SASE-", "sase-pro-user")).toBe("sase-pro-user");
    expect(buildCatalogIdentifier("SASE-", "SASEPRO")).toBe("SASE-SASEPRO");
    expect(buildCatalogIdentifier("", "SASE-PRO-USER")).toBe("SASE-PRO-USER");
  });

  it("keeps two long SKUs that share their first 75 characters apart", () => {
    const base = "X".repeat(80);
    const first = buildCatalogIdentifier("SASE-", `${base}-A`);
    const second = buildCatalogIdentifier("SASE-", `${base}-B`);
    expect(first.length).toBe(75);
    expect(second.length).toBe(75);
    expect(first).not.toBe(second);
    expect(first.startsWith("SASE-XXXX")).toBe(true);
  });

  it("never exceeds 75 characters nor splits a surrogate pair", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ unit: "grapheme", maxLength: 120 }), (prefix, sku) => {
        const identifier = buildCatalogIdentifier(prefix, sku);
        expect(identifier.length).toBeLessThanOrEqual(75);
        expect(identifier).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
        expect(buildCatalogIdentifier(prefix, sku)).toBe(identifier);
      }),
    );
  });
});

describe("the unit of measure of each product", () => {
  const perUnit = {
    ...settings,
    unitsByProductUnit: { user: { id: 2, name: "User" }, gateway: { id: 12, name: "Gateway" } },
  };

  it("takes the product's unit when the settings match it, else the default unit", () => {
    expect(buildCatalogItem({ ...product, unit: "user" }, perUnit).unitOfMeasureId).toBe(2);
    expect(buildCatalogItem({ ...product, unit: " Gateway " }, perUnit).unitOfMeasureId).toBe(12);
    expect(buildCatalogItem({ ...product, unit: "gateway pair" }, perUnit).unitOfMeasureId).toBe(1);
    expect(buildCatalogItem({ ...product, unit: "user" }, settings).unitOfMeasureId).toBe(1);
  });
});

describe("truncateOnWordBoundary", () => {
  it("leaves short text alone and collapses whitespace and line breaks", () => {
    expect(truncateOnWordBoundary("  SASE\r\nEssentials  ", 60)).toBe("SASE Essentials");
  });

  it("cuts a single overlong word rather than dropping it", () => {
    expect(truncateOnWordBoundary("A".repeat(100), 60)).toBe("A".repeat(59) + "…");
  });

  it("never exceeds the limit", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 2, max: 120 }), (text, max) => {
        expect(truncateOnWordBoundary(text, max).length).toBeLessThanOrEqual(max);
      }),
    );
  });
});

describe("computeCatalogPrice", () => {
  it("takes the suggested price as it is", () => {
    expect(computeCatalogPrice({ cost: "4.00", suggestedPrice: "7.00" }, { kind: "suggested" })).toBe(7);
  });

  it("adds the markup to the cost and rounds to cents", () => {
    expect(computeCatalogPrice({ cost: "4.00", suggestedPrice: "7.00" }, { kind: "markup", percent: 25 })).toBe(5);
    expect(computeCatalogPrice({ cost: "5.00", suggestedPrice: "0" }, { kind: "markup", percent: 12.5 })).toBe(5.63);
    expect(computeCatalogPrice({ cost: "2.10", suggestedPrice: "0" }, { kind: "markup", percent: 33.33 })).toBe(2.8);
    expect(computeCatalogPrice({ cost: "0.15", suggestedPrice: "0" }, { kind: "markup", percent: 10 })).toBe(0.17);
  });

  it("always lands on whole cents", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (costCents, percent) => {
          const price = computeCatalogPrice(
            { cost: (costCents / 100).toFixed(2), suggestedPrice: "0" },
            { kind: "markup", percent },
          );
          expect(Math.abs(price * 100 - Math.round(price * 100))).toBeLessThan(1e-6);
          expect(price).toBeGreaterThanOrEqual(costCents / 100 - 0.005);
        },
      ),
    );
  });
});

describe("hashOwnedFields", () => {
  const item = buildCatalogItem(product, settings);

  it("is stable for equal items and changes with any owned field", () => {
    expect(hashOwnedFields({ ...item })).toBe(hashOwnedFields(item));
    for (const changed of [
      { price: 4.51 },
      { cost: 2.2 },
      { description: "Other" },
      { customerDescription: "Other" },
      { identifier: "SASE-OTHER" },
      { subcategoryId: 42 },
      { categoryId: 8 },
      { productTypeId: 4 },
      { unitOfMeasureId: 2 },
      { taxable: true },
      { inactive: true },
    ]) {
      expect(hashOwnedFields({ ...item, ...changed }), JSON.stringify(changed)).not.toBe(hashOwnedFields(item));
    }
  });

  it("treats prices equal to the cent as equal", () => {
    expect(hashOwnedFields({ ...item, price: 4.5000000001 })).toBe(hashOwnedFields(item));
  });
});
