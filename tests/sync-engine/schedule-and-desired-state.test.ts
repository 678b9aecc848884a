import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDesiredLines, describeAddition, priceProduct, type ProductForSync } from "@/lib/sync/desired-state";
import { computeNextDueAt, computeScheduleOffsetSeconds } from "@/lib/sync/schedule";

describe("computeNextDueAt", () => {
  it("lands on the mapping's own second of the hour, nearest to last start + 1 hour", () => {
    const start = new Date("2026-01-01T10:50:00Z");
    expect(computeNextDueAt(start, 600).toISOString()).toBe("2026-01-01T12:10:00.000Z");
    expect(computeNextDueAt(new Date("2026-01-01T10:05:00Z"), 600).toISOString()).toBe("2026-01-01T11:10:00.000Z");
    expect(computeNextDueAt(new Date("2026-01-01T10:10:00Z"), 600).toISOString()).toBe("2026-01-01T11:10:00.000Z");
  });

  it("keeps every gap between 30 and 90 minutes, on the offset", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: 0, max: 3599 }),
        (startMs, offset) => {
          const next = computeNextDueAt(new Date(startMs), offset).getTime();
          const gap = next - startMs;
          return gap >= 30 * 60_000 && gap <= 90 * 60_000 && (((next / 1000) % 3600) + 3600) % 3600 === offset;
        },
      ),
    );
  });

  it("spreads mappings over the hour with a stable offset per mapping", () => {
    const ids = Array.from({ length: 400 }, (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`);
    const offsets = ids.map(computeScheduleOffsetSeconds);
    expect(offsets).toEqual(ids.map(computeScheduleOffsetSeconds));
    const quarters = [0, 1, 2, 3].map(
      (quarter) => offsets.filter((offset) => Math.floor(offset / 900) === quarter).length,
    );
    for (const count of quarters) expect(count).toBeGreaterThan(60);
  });
});

describe("desired state", () => {
  const product = (overrides: Partial<ProductForSync> = {}): ProductForSync => ({
    productId: "p1",
    name: "SASE user",
    sku: "SASE-USER",
    active: true,
    cost: "5.00",
    suggestedPrice: "9.00",
    catalogItemId: 11,
    quantity: "12.00",
    ...overrides,
  });
  const settings = {
    productTypeId: 1,
    productTypeName: "Service",
    categoryId: 1,
    categoryName: "Security",
    subcategoryId: 1,
    subcategoryName: "SASE",
    unitOfMeasureId: null,
    unitOfMeasureName: null,
    identifierPrefix: "BB-",
    taxable: false,
  };

  it("leaves price and cost to the catalog when there are no catalog settings", () => {
    expect(priceProduct(product(), null)).toEqual({ unitPrice: null, unitCost: null });
  });

  it("uses the suggested price or a markup on cost", () => {
    expect(priceProduct(product(), { ...settings, pricePolicy: { kind: "suggested" } })).toEqual({
      unitPrice: 9,
      unitCost: 5,
    });
    expect(
      priceProduct(product({ cost: "3.33" }), { ...settings, pricePolicy: { kind: "markup", percent: 25 } }),
    ).toEqual({ unitPrice: 4.16, unitCost: 3.33 });
  });

  it("keeps active products with a catalog item, with usage 0 when none is recorded", () => {
    const lines = buildDesiredLines(
      [
        product(),
        product({ productId: "p2", catalogItemId: 12, quantity: null }),
        product({ productId: "p3", active: false, catalogItemId: 13 }),
        product({ productId: "p4", catalogItemId: null }),
      ],
      null,
    );
    expect(lines.map((line) => [line.productId, line.catalogItemId, line.quantity])).toEqual([
      ["p1", 11, 12],
      ["p2", 12, 0],
    ]);
    expect(lines[0]!.description).toBe("SASE user");
  });

  it("names the product in the description, within ConnectWise's length", () => {
    expect(describeAddition({ name: "x".repeat(80) })).toHaveLength(60);
  });
});
