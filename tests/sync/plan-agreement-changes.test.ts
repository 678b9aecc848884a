import { describe, expect, it } from "vitest";
import {
  applyPlanToAdditions,
  determineWrittenValues,
  planAgreementChanges,
  summarizePlan,
  type DesiredLine,
  type LastWritten,
  type LiveAddition,
  type PlanInput,
  type PlannedChange,
  type SyncPolicy,
} from "@/lib/sync/plan-agreement-changes";

const today = "2025-06-01";
const defaultPolicy: SyncPolicy = { removal: "cancel", drift: "overwrite", managePrice: false };

// Our catalog items are 10, 20, 30; 900 belongs to someone else's product.
const owned = [10, 20, 30];
const foreignCatalogItemId = 900;

function line(catalogItemId: number, quantity: number, extra: Partial<DesiredLine> = {}): DesiredLine {
  return {
    productId: `product-${catalogItemId}`,
    catalogItemId,
    quantity,
    description: `Product ${catalogItemId}`,
    ...extra,
  };
}

function addition(
  id: number,
  catalogItemId: number,
  quantity: number,
  extra: Partial<LiveAddition> = {},
): LiveAddition {
  return {
    id,
    catalogItemId,
    quantity,
    unitPrice: 4.5,
    unitCost: 2.1,
    cancelledDate: null,
    effectiveDate: "2025-01-01",
    ...extra,
  };
}

function written(additionId: number, quantity: number): LastWritten {
  return { additionId, quantity, unitPrice: 4.5, unitCost: 2.1 };
}

type PlanOverrides = Omit<Partial<PlanInput>, "policy"> & { policy?: Partial<SyncPolicy> };

function plan(input: PlanOverrides = {}): PlannedChange[] {
  return planAgreementChanges({
    desired: input.desired ?? [],
    actual: input.actual ?? [],
    lastWritten: input.lastWritten ?? [],
    ownedCatalogItemIds: input.ownedCatalogItemIds ?? owned,
    policy: { ...defaultPolicy, ...input.policy },
    today: input.today ?? today,
  });
}

function planOne(input: PlanOverrides = {}): PlannedChange {
  const changes = plan(input);
  expect(changes).toHaveLength(1);
  return changes[0];
}

describe("planAgreementChanges: create", () => {
  it("creates an addition when a product has usage and no live addition", () => {
    expect(planOne({ desired: [line(10, 37)] })).toEqual({
      action: "create",
      productId: "product-10",
      catalogItemId: 10,
      quantity: 37,
      unitPrice: null,
      unitCost: null,
      description: "Product 10",
      effectiveDate: today,
    });
  });

  it("leaves price and cost to ConnectWise when prices are not managed, even if the usage carries them", () => {
    const change = planOne({ desired: [line(10, 3, { unitPrice: 9.99, unitCost: 5 })] });
    expect(change).toMatchObject({ action: "create", unitPrice: null, unitCost: null });
  });

  it("writes the desired price and cost when prices are managed", () => {
    const change = planOne({
      desired: [line(10, 3, { unitPrice: 9.99, unitCost: 5 })],
      policy: { managePrice: true },
    });
    expect(change).toMatchObject({ action: "create", quantity: 3, unitPrice: 9.99, unitCost: 5 });
  });

  it("leaves an unset desired price to ConnectWise's catalog default even when prices are managed", () => {
    const change = planOne({ desired: [line(10, 3, { unitCost: 5 })], policy: { managePrice: true } });
    expect(change).toMatchObject({ action: "create", unitPrice: null, unitCost: 5 });
  });

  it("creates with a fractional quantity", () => {
    expect(planOne({ desired: [line(10, 2.75)] })).toMatchObject({ action: "create", quantity: 2.75 });
  });

  it("does nothing for a product with no usage and no live addition, but still lists it", () => {
    expect(planOne({ desired: [line(10, 0)] })).toEqual({
      action: "none",
      productId: "product-10",
      catalogItemId: 10,
      additionId: null,
      quantity: 0,
      current: null,
      drift: null,
    });
  });

  it("creates a new addition when the only addition of the product is cancelled", () => {
    const changes = plan({
      desired: [line(10, 5)],
      actual: [addition(1, 10, 5, { cancelledDate: "2025-05-01T00:00:00Z" })],
    });
    expect(changes).toEqual([expect.objectContaining({ action: "create", quantity: 5 })]);
  });

  it("plans a desired catalog item as ours even when ownedCatalogItemIds forgot it", () => {
    const changes = plan({ desired: [line(40, 2)], actual: [addition(1, 40, 1)], ownedCatalogItemIds: [] });
    expect(changes).toEqual([expect.objectContaining({ action: "update", additionId: 1 })]);
  });
});

describe("planAgreementChanges: update in place", () => {
  it("updates the quantity of the one live addition", () => {
    expect(planOne({ desired: [line(10, 41)], actual: [addition(555, 10, 37)] })).toEqual({
      action: "update",
      productId: "product-10",
      catalogItemId: 10,
      additionId: 555,
      before: { quantity: 37, unitPrice: 4.5, unitCost: 2.1 },
      after: { quantity: 41, unitPrice: 4.5, unitCost: 2.1 },
      drift: null,
    });
  });

  it("updates fractional quantities", () => {
    const change = planOne({ desired: [line(10, 2.25)], actual: [addition(1, 10, 1.5)] });
    expect(change).toMatchObject({ action: "update", before: { quantity: 1.5 }, after: { quantity: 2.25 } });
  });

  it("treats quantities that differ only by floating-point noise as equal", () => {
    const change = planOne({ desired: [line(10, 0.1 + 0.2)], actual: [addition(1, 10, 0.3)] });
    expect(change).toMatchObject({ action: "none", additionId: 1 });
  });

  it("treats a small but real fractional difference as a change", () => {
    const change = planOne({ desired: [line(10, 0.31)], actual: [addition(1, 10, 0.3)] });
    expect(change).toMatchObject({ action: "update", after: { quantity: 0.31 } });
  });

  it("treats a usage within floating-point noise of 0 as 0", () => {
    expect(planOne({ desired: [line(10, 1e-12)] })).toMatchObject({ action: "none", additionId: null });
    expect(planOne({ desired: [line(10, 1e-12)], actual: [addition(1, 10, 5)] })).toMatchObject({
      action: "cancel",
      additionId: 1,
    });
    expect(
      planOne({ desired: [line(10, 0)], actual: [addition(1, 10, 5e-324)], policy: { removal: "zero" } }),
    ).toMatchObject({ action: "none", additionId: 1 });
  });

  it("does nothing when the quantity is equal", () => {
    expect(planOne({ desired: [line(10, 37)], actual: [addition(555, 10, 37)] })).toEqual({
      action: "none",
      productId: "product-10",
      catalogItemId: 10,
      additionId: 555,
      quantity: 37,
      current: { quantity: 37, unitPrice: 4.5, unitCost: 2.1 },
      drift: null,
    });
  });

  it("updates a zeroed addition in place when usage comes back", () => {
    const change = planOne({
      desired: [line(10, 4)],
      actual: [addition(7, 10, 0)],
      lastWritten: [written(7, 0)],
      policy: { removal: "zero" },
    });
    expect(change).toMatchObject({ action: "update", additionId: 7, after: { quantity: 4 }, drift: null });
  });
});

describe("planAgreementChanges: price management", () => {
  const managed = { managePrice: true };

  it("ignores price and cost differences when prices are not managed", () => {
    const change = planOne({
      desired: [line(10, 5, { unitPrice: 99, unitCost: 50 })],
      actual: [addition(1, 10, 5)],
    });
    expect(change).toMatchObject({ action: "none" });
  });

  it("keeps the live price and cost on a quantity update when prices are not managed", () => {
    const change = planOne({
      desired: [line(10, 6, { unitPrice: 99, unitCost: 50 })],
      actual: [addition(1, 10, 5)],
    });
    expect(change).toMatchObject({ action: "update", after: { quantity: 6, unitPrice: 4.5, unitCost: 2.1 } });
  });

  it("updates a managed price even when the quantity is equal", () => {
    const change = planOne({
      desired: [line(10, 5, { unitPrice: 4.75, unitCost: 2.1 })],
      actual: [addition(1, 10, 5)],
      policy: managed,
    });
    expect(change).toMatchObject({
      action: "update",
      before: { quantity: 5, unitPrice: 4.5, unitCost: 2.1 },
      after: { quantity: 5, unitPrice: 4.75, unitCost: 2.1 },
    });
  });

  it("updates a managed cost even when the quantity and price are equal", () => {
    const change = planOne({
      desired: [line(10, 5, { unitPrice: 4.5, unitCost: 3 })],
      actual: [addition(1, 10, 5)],
      policy: managed,
    });
    expect(change).toMatchObject({ action: "update", after: { unitCost: 3 } });
  });

  it("sets a managed price on an addition whose price is unset", () => {
    const change = planOne({
      desired: [line(10, 5, { unitPrice: 4.5 })],
      actual: [addition(1, 10, 5, { unitPrice: null })],
      policy: managed,
    });
    expect(change).toMatchObject({ action: "update", before: { unitPrice: null }, after: { unitPrice: 4.5 } });
  });

  it("compares prices with a cent tolerance", () => {
    const withinCent = planOne({
      desired: [line(10, 5, { unitPrice: 4.504, unitCost: 2.096 })],
      actual: [addition(1, 10, 5)],
      policy: managed,
    });
    expect(withinCent).toMatchObject({ action: "none" });

    const oneCentOff = planOne({
      desired: [line(10, 5, { unitPrice: 4.51 })],
      actual: [addition(1, 10, 5)],
      policy: managed,
    });
    expect(oneCentOff).toMatchObject({ action: "update", after: { unitPrice: 4.51 } });
  });

  it("keeps the live price when the desired price is unset, even when prices are managed", () => {
    const change = planOne({
      desired: [line(10, 6, { unitPrice: null, unitCost: undefined })],
      actual: [addition(1, 10, 5)],
      policy: managed,
    });
    expect(change).toMatchObject({ action: "update", after: { quantity: 6, unitPrice: 4.5, unitCost: 2.1 } });
  });
});

describe("planAgreementChanges: removal", () => {
  it("cancels the addition when usage drops to 0 under the cancel policy", () => {
    expect(planOne({ desired: [line(10, 0)], actual: [addition(3, 10, 12)] })).toEqual({
      action: "cancel",
      productId: "product-10",
      catalogItemId: 10,
      additionId: 3,
      before: { quantity: 12, unitPrice: 4.5, unitCost: 2.1 },
      cancelledDate: today,
      drift: null,
    });
  });

  it("cancels the addition of a retired product (owned catalog item, no longer desired)", () => {
    expect(planOne({ desired: [], actual: [addition(3, 20, 12)] })).toMatchObject({
      action: "cancel",
      productId: null,
      catalogItemId: 20,
      additionId: 3,
    });
  });

  it("cancels a live addition already at quantity 0 under the cancel policy", () => {
    expect(planOne({ desired: [line(10, 0)], actual: [addition(3, 10, 0)] })).toMatchObject({
      action: "cancel",
      additionId: 3,
    });
  });

  it("sets the quantity to 0 under the zero policy", () => {
    expect(planOne({ desired: [line(10, 0)], actual: [addition(3, 10, 12)], policy: { removal: "zero" } })).toEqual({
      action: "zero",
      productId: "product-10",
      catalogItemId: 10,
      additionId: 3,
      before: { quantity: 12, unitPrice: 4.5, unitCost: 2.1 },
      after: { quantity: 0, unitPrice: 4.5, unitCost: 2.1 },
      drift: null,
    });
  });

  it("zeroes the addition of a retired product under the zero policy", () => {
    expect(planOne({ actual: [addition(3, 20, 12)], policy: { removal: "zero" } })).toMatchObject({
      action: "zero",
      productId: null,
      additionId: 3,
    });
  });

  it("does nothing to an addition already at quantity 0 under the zero policy", () => {
    expect(
      planOne({ desired: [line(10, 0)], actual: [addition(3, 10, 0)], policy: { removal: "zero" } }),
    ).toMatchObject({
      action: "none",
      additionId: 3,
      quantity: 0,
    });
    expect(planOne({ actual: [addition(3, 20, 0)], policy: { removal: "zero" } })).toMatchObject({
      action: "none",
      productId: null,
      additionId: 3,
    });
  });

  it("leaves a retired product with only cancelled additions out of the plan", () => {
    expect(plan({ actual: [addition(3, 20, 12, { cancelledDate: "2025-05-01" })] })).toEqual([]);
  });
});

describe("planAgreementChanges: ownership and cancelled additions", () => {
  it("never plans anything for additions of catalog items we do not own", () => {
    const changes = plan({
      desired: [line(10, 5)],
      actual: [
        addition(1, foreignCatalogItemId, 5),
        addition(2, foreignCatalogItemId, 7),
        addition(3, foreignCatalogItemId, 0),
        addition(4, 10, 5),
      ],
    });
    expect(changes).toEqual([expect.objectContaining({ action: "none", additionId: 4 })]);
  });

  it("ignores cancelled additions of our products entirely", () => {
    const changes = plan({
      desired: [line(10, 6)],
      actual: [addition(1, 10, 99, { cancelledDate: "2024-12-31T00:00:00Z" }), addition(2, 10, 5)],
    });
    expect(changes).toEqual([
      expect.objectContaining({ action: "update", additionId: 2, after: expect.objectContaining({ quantity: 6 }) }),
    ]);
  });

  it("treats an empty cancelled date like no cancelled date", () => {
    const changes = plan({ desired: [line(10, 6)], actual: [addition(2, 10, 5, { cancelledDate: "" })] });
    expect(changes).toEqual([expect.objectContaining({ action: "update", additionId: 2 })]);
  });
});

describe("planAgreementChanges: conflicts", () => {
  it("reports several live additions of one product as a conflict and changes none of them", () => {
    const change = planOne({ desired: [line(10, 8)], actual: [addition(9, 10, 5), addition(4, 10, 3)] });
    expect(change).toEqual({
      action: "conflict",
      productId: "product-10",
      catalogItemId: 10,
      additionIds: [4, 9],
      desiredQuantity: 8,
      reason: expect.stringContaining("ids 4, 9"),
    });
  });

  it("reports a conflict even when the usage is 0 or the product is retired", () => {
    expect(planOne({ desired: [line(10, 0)], actual: [addition(1, 10, 5), addition(2, 10, 3)] })).toMatchObject({
      action: "conflict",
      additionIds: [1, 2],
      desiredQuantity: 0,
    });
    expect(planOne({ actual: [addition(1, 20, 5), addition(2, 20, 3)] })).toMatchObject({
      action: "conflict",
      productId: null,
    });
  });

  it("does not count a cancelled duplicate as a conflict", () => {
    const change = planOne({
      desired: [line(10, 8)],
      actual: [addition(1, 10, 5), addition(2, 10, 3, { cancelledDate: "2025-05-01" })],
    });
    expect(change).toMatchObject({ action: "update", additionId: 1 });
  });

  it("still plans the other products next to a conflict", () => {
    const changes = plan({
      desired: [line(10, 8), line(20, 2)],
      actual: [addition(1, 10, 5), addition(2, 10, 3), addition(3, 20, 1)],
    });
    expect(changes.map((change) => change.action)).toEqual(["conflict", "update"]);
  });
});

describe("planAgreementChanges: drift, policy overwrite", () => {
  const overwrite = { drift: "overwrite" as const };

  it("overwrites a hand-edited quantity with the usage and records the drift on the update", () => {
    const change = planOne({
      desired: [line(10, 12)],
      actual: [addition(1, 10, 15)],
      lastWritten: [written(1, 10)],
      policy: overwrite,
    });
    expect(change).toMatchObject({
      action: "update",
      before: { quantity: 15 },
      after: { quantity: 12 },
      drift: { lastWritten: 10, found: 15 },
    });
  });

  it("records drift on an update even when usage did not change since our last write", () => {
    const change = planOne({
      desired: [line(10, 10)],
      actual: [addition(1, 10, 15)],
      lastWritten: [written(1, 10)],
      policy: overwrite,
    });
    expect(change).toMatchObject({ action: "update", after: { quantity: 10 }, drift: { lastWritten: 10, found: 15 } });
  });

  it("reports none with the drift noted when the usage equals the hand-edited quantity", () => {
    const change = planOne({
      desired: [line(10, 15)],
      actual: [addition(1, 10, 15)],
      lastWritten: [written(1, 10)],
      policy: overwrite,
    });
    expect(change).toMatchObject({
      action: "none",
      additionId: 1,
      quantity: 15,
      drift: { lastWritten: 10, found: 15 },
    });
  });

  it("records drift on a removal", () => {
    const cancel = planOne({ desired: [line(10, 0)], actual: [addition(1, 10, 15)], lastWritten: [written(1, 10)] });
    expect(cancel).toMatchObject({ action: "cancel", drift: { lastWritten: 10, found: 15 } });
    const zero = planOne({
      desired: [line(10, 0)],
      actual: [addition(1, 10, 15)],
      lastWritten: [written(1, 10)],
      policy: { removal: "zero" },
    });
    expect(zero).toMatchObject({ action: "zero", drift: { lastWritten: 10, found: 15 } });
  });

  it("reports no drift when the quantity equals what we last wrote, or when we never wrote it", () => {
    const sameAsWritten = planOne({
      desired: [line(10, 12)],
      actual: [addition(1, 10, 10)],
      lastWritten: [written(1, 10)],
    });
    expect(sameAsWritten).toMatchObject({ action: "update", drift: null });
    const neverWritten = planOne({
      desired: [line(10, 12)],
      actual: [addition(1, 10, 15)],
      lastWritten: [written(99, 10)],
    });
    expect(neverWritten).toMatchObject({ action: "update", drift: null });
  });

  it("does not count a price edited by hand as drift", () => {
    const change = planOne({
      desired: [line(10, 10, { unitPrice: 4.5 })],
      actual: [addition(1, 10, 10, { unitPrice: 6 })],
      lastWritten: [written(1, 10)],
      policy: { managePrice: true, drift: "keep" },
    });
    expect(change).toMatchObject({ action: "update", after: { unitPrice: 4.5 }, drift: null });
  });
});

describe("planAgreementChanges: drift, policy keep", () => {
  const keep = { drift: "keep" as const };

  it("reports the drift and does not overwrite the hand-edited quantity", () => {
    expect(
      planOne({ desired: [line(10, 12)], actual: [addition(1, 10, 15)], lastWritten: [written(1, 10)], policy: keep }),
    ).toEqual({
      action: "drift",
      productId: "product-10",
      catalogItemId: 10,
      additionId: 1,
      lastWritten: 10,
      found: 15,
      desiredQuantity: 12,
    });
  });

  it("does not cancel or zero a hand-edited addition when usage drops to 0", () => {
    for (const removal of ["cancel", "zero"] as const) {
      const change = planOne({
        desired: [line(10, 0)],
        actual: [addition(1, 10, 15)],
        lastWritten: [written(1, 10)],
        policy: { ...keep, removal },
      });
      expect(change).toMatchObject({ action: "drift", found: 15, lastWritten: 10, desiredQuantity: 0 });
    }
    expect(planOne({ actual: [addition(1, 20, 15)], lastWritten: [written(1, 10)], policy: keep })).toMatchObject({
      action: "drift",
      productId: null,
      desiredQuantity: 0,
    });
  });

  it("reports none with the drift noted when the usage equals the hand-edited quantity", () => {
    const change = planOne({
      desired: [line(10, 15)],
      actual: [addition(1, 10, 15)],
      lastWritten: [written(1, 10)],
      policy: keep,
    });
    expect(change).toMatchObject({ action: "none", drift: { lastWritten: 10, found: 15 } });
  });

  it("still updates managed prices when the hand-edited quantity already equals the usage", () => {
    const change = planOne({
      desired: [line(10, 15, { unitPrice: 5 })],
      actual: [addition(1, 10, 15)],
      lastWritten: [written(1, 10)],
      policy: { ...keep, managePrice: true },
    });
    expect(change).toMatchObject({
      action: "update",
      after: { quantity: 15, unitPrice: 5 },
      drift: { lastWritten: 10, found: 15 },
    });
  });

  it("cancels an addition that was set to 0 by hand when the usage is 0 too", () => {
    const change = planOne({
      desired: [line(10, 0)],
      actual: [addition(1, 10, 0)],
      lastWritten: [written(1, 10)],
      policy: keep,
    });
    expect(change).toMatchObject({ action: "cancel", drift: { lastWritten: 10, found: 0 } });
  });

  it("updates normally when there is no drift", () => {
    const change = planOne({
      desired: [line(10, 12)],
      actual: [addition(1, 10, 10)],
      lastWritten: [written(1, 10)],
      policy: keep,
    });
    expect(change).toMatchObject({ action: "update", after: { quantity: 12 }, drift: null });
  });
});

describe("planAgreementChanges: order and determinism", () => {
  const desired = [line(30, 1, { productId: "c" }), line(10, 2, { productId: "a" }), line(20, 0, { productId: "B" })];
  const actual = [addition(5, 20, 4), addition(6, foreignCatalogItemId, 1), addition(7, 40, 1), addition(8, 10, 2)];

  it("orders changes by product id (code-unit order), retired products last by catalog item", () => {
    const changes = plan({ desired, actual, ownedCatalogItemIds: [10, 20, 30, 40, 50] });
    expect(changes.map((change) => [change.productId, change.action])).toEqual([
      ["B", "cancel"],
      ["a", "none"],
      ["c", "create"],
      [null, "cancel"],
    ]);
  });

  it("gives the same plan whatever the order of its inputs", () => {
    const first = plan({ desired, actual, ownedCatalogItemIds: [10, 20, 30, 40] });
    const second = plan({
      desired: [...desired].reverse(),
      actual: [...actual].reverse(),
      ownedCatalogItemIds: [40, 30, 20, 10],
    });
    expect(second).toEqual(first);
  });

  it("does not modify its inputs", () => {
    const input: PlanInput = {
      desired: [line(10, 3)],
      actual: [addition(2, 10, 1), addition(1, 10, 1)],
      lastWritten: [written(1, 1)],
      ownedCatalogItemIds: owned,
      policy: defaultPolicy,
      today,
    };
    const copy = structuredClone(input);
    planAgreementChanges(input);
    expect(input).toEqual(copy);
  });
});

describe("planAgreementChanges: invalid input", () => {
  it("rejects a today that is not a date", () => {
    expect(() => plan({ today: "2025-06-01T00:00:00Z" })).toThrow(/YYYY-MM-DD/);
  });

  it("rejects a product desired twice or two products on one catalog item", () => {
    expect(() => plan({ desired: [line(10, 1), line(20, 1, { productId: "product-10" })] })).toThrow(/desired twice/);
    expect(() => plan({ desired: [line(10, 1), line(10, 1, { productId: "other" })] })).toThrow(/two products/);
  });

  it("rejects negative or non-finite desired quantities", () => {
    expect(() => plan({ desired: [line(10, -1)] })).toThrow(/quantity -1/);
    expect(() => plan({ desired: [line(10, Number.NaN)] })).toThrow(/quantity NaN/);
  });

  it("rejects an addition read twice", () => {
    expect(() => plan({ actual: [addition(1, 10, 1), addition(1, 20, 1)] })).toThrow(/addition 1 was read twice/);
  });
});

describe("summarizePlan", () => {
  it("counts changes by action, writes and detected drift", () => {
    const changes = plan({
      desired: [line(10, 5), line(20, 6), line(30, 0), line(40, 1), line(50, 7), line(60, 3)],
      actual: [
        addition(1, 20, 2),
        addition(2, 30, 4),
        addition(3, 40, 1),
        addition(4, 50, 1),
        addition(5, 50, 2),
        addition(6, 60, 9),
      ],
      lastWritten: [written(1, 2), written(6, 3)],
      ownedCatalogItemIds: [],
      policy: { drift: "keep" },
    });
    expect(summarizePlan(changes)).toEqual({
      create: 1,
      update: 1,
      cancel: 1,
      zero: 0,
      conflict: 1,
      drift: 1,
      none: 1,
      writes: 3,
      driftDetected: 1,
      driftCorrected: 0,
    });
  });

  it("counts drift noted on updates and on none", () => {
    const changes = plan({
      desired: [line(10, 5), line(20, 7)],
      actual: [addition(1, 10, 9), addition(2, 20, 7)],
      lastWritten: [written(1, 1), written(2, 3)],
    });
    expect(summarizePlan(changes)).toMatchObject({
      update: 1,
      none: 1,
      writes: 1,
      driftDetected: 2,
      driftCorrected: 1,
    });
  });

  it("returns zeros for an empty plan", () => {
    expect(summarizePlan([])).toEqual({
      create: 0,
      update: 0,
      cancel: 0,
      zero: 0,
      conflict: 0,
      drift: 0,
      none: 0,
      writes: 0,
      driftDetected: 0,
      driftCorrected: 0,
    });
  });
});

describe("determineWrittenValues", () => {
  it("records what a create, an update and a zero wrote", () => {
    const [create] = plan({ desired: [line(10, 3, { unitPrice: 1, unitCost: 0.5 })], policy: { managePrice: true } });
    expect(determineWrittenValues(create, 77)).toEqual({ additionId: 77, quantity: 3, unitPrice: 1, unitCost: 0.5 });
    expect(() => determineWrittenValues(create)).toThrow(/needs the id/);

    const [update] = plan({ desired: [line(10, 4)], actual: [addition(1, 10, 3)] });
    expect(determineWrittenValues(update)).toEqual({ additionId: 1, quantity: 4, unitPrice: 4.5, unitCost: 2.1 });

    const [zero] = plan({ desired: [line(10, 0)], actual: [addition(1, 10, 3)], policy: { removal: "zero" } });
    expect(determineWrittenValues(zero)).toEqual({ additionId: 1, quantity: 0, unitPrice: 4.5, unitCost: 2.1 });
  });

  it("adopts a hand-edited quantity that equals the usage, so the drift is reported once", () => {
    const [none] = plan({ desired: [line(10, 15)], actual: [addition(1, 10, 15)], lastWritten: [written(1, 10)] });
    expect(determineWrittenValues(none)).toEqual({ additionId: 1, quantity: 15, unitPrice: 4.5, unitCost: 2.1 });
  });

  it("records nothing for changes that write nothing to keep, or that remove the addition", () => {
    const changes = plan({
      desired: [line(10, 5), line(20, 0), line(30, 1)],
      actual: [addition(1, 10, 5), addition(2, 20, 4), addition(3, 30, 9), addition(4, 40, 1), addition(5, 40, 2)],
      lastWritten: [written(3, 1)],
      ownedCatalogItemIds: [40],
      policy: { drift: "keep" },
    });
    expect(changes.map((change) => change.action)).toEqual(["none", "cancel", "drift", "conflict"]);
    for (const change of changes) expect(determineWrittenValues(change)).toBeNull();
  });
});

describe("applyPlanToAdditions", () => {
  it("creates, updates, cancels and zeroes like ConnectWise would, leaving everything else as it was", () => {
    const actual = [
      addition(1, 10, 3),
      addition(2, 20, 4),
      addition(3, foreignCatalogItemId, 8),
      addition(4, 30, 2, { cancelledDate: "2025-01-31" }),
      addition(5, 40, 6),
    ];
    const changes = plan({
      desired: [line(10, 5), line(20, 0), line(30, 1), line(40, 0)],
      actual,
      ownedCatalogItemIds: [],
      policy: { removal: "cancel" },
    });
    const zeroed = plan({ desired: [line(40, 0)], actual, ownedCatalogItemIds: [], policy: { removal: "zero" } });
    const finalPlan = [...changes.filter((change) => change.catalogItemId !== 40), ...zeroed];
    let nextId = 100;
    const after = applyPlanToAdditions(actual, finalPlan, () => nextId++);

    expect(after).toEqual([
      addition(1, 10, 5),
      addition(2, 20, 4, { cancelledDate: today }),
      addition(3, foreignCatalogItemId, 8),
      addition(4, 30, 2, { cancelledDate: "2025-01-31" }),
      addition(5, 40, 0),
      {
        id: 100,
        catalogItemId: 30,
        quantity: 1,
        unitPrice: null,
        unitCost: null,
        cancelledDate: null,
        effectiveDate: today,
      },
    ]);
    expect(actual[0].quantity).toBe(3);
  });

  it("refuses a plan made from a different state", () => {
    const changes = plan({ desired: [line(10, 5)], actual: [addition(1, 10, 3)] });
    expect(() => applyPlanToAdditions([], changes, () => 1)).toThrow(/addition 1 is not live/);
    expect(() => applyPlanToAdditions([addition(1, 10, 3, { cancelledDate: "2025-01-01" })], changes, () => 1)).toThrow(
      /not live/,
    );
  });

  it("refuses a generated id that is already taken", () => {
    const changes = plan({ desired: [line(10, 5)], actual: [addition(1, 20, 3, { cancelledDate: "2025-01-01" })] });
    expect(() => applyPlanToAdditions([addition(1, 20, 3, { cancelledDate: "2025-01-01" })], changes, () => 1)).toThrow(
      /already taken/,
    );
  });
});
