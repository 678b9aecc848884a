import { describe, expect, it } from "vitest";
import {
  labelAddition,
  selectOwnedAdditions,
  type AdditionOnAgreement,
  type OwnershipInput,
} from "@/lib/sync/select-owned-additions";

const ourItem = 500;
const foreignItem = 900;
const ourLabel = labelAddition("SASE Essentials", "Contoso Ltd");
const otherLabel = labelAddition("SASE Essentials", "Contoso, Ltd.");

function addition(id: number, overrides: Partial<AdditionOnAgreement> = {}): AdditionOnAgreement {
  return {
    id,
    catalogItemId: ourItem,
    quantity: 5,
    unitPrice: null,
    unitCost: null,
    cancelledDate: null,
    effectiveDate: "2026-01-01",
    invoiceDescription: null,
    ...overrides,
  };
}

function input(overrides: Partial<OwnershipInput>): OwnershipInput {
  return {
    additions: [],
    catalogItemIds: new Set([ourItem]),
    ownAdditionIds: new Set(),
    otherOwnedAdditionIds: new Set(),
    labels: new Map([[ourItem, ourLabel]]),
    otherLabels: new Set([otherLabel]),
    soleEnabledMapping: false,
    unknownCreates: new Map(),
    ...overrides,
  };
}

const ownedIds = (result: ReturnType<typeof selectOwnedAdditions>) => result.owned.map((entry) => entry.id);

describe("selectOwnedAdditions", () => {
  it("labels a line with the product, then the organization", () => {
    expect(labelAddition(" SASE Essentials ", "Contoso Ltd")).toBe("SASE Essentials — Contoso Ltd");
  });

  it("owns what its ledger names, and never what another organization's ledger names", () => {
    const result = selectOwnedAdditions(
      input({
        additions: [addition(1), addition(2, { invoiceDescription: ourLabel })],
        ownAdditionIds: new Set([1]),
        otherOwnedAdditionIds: new Set([2]),
        soleEnabledMapping: true,
      }),
    );
    expect(ownedIds(result)).toEqual([1]);
    expect(result.adopted).toEqual([]);
    expect(result.ignored).toEqual([{ additionId: 2, catalogItemId: ourItem, reason: "other-organization" }]);
  });

  it("adopts an unowned line carrying its own label, but not another organization's label", () => {
    const result = selectOwnedAdditions(
      input({
        additions: [addition(3, { invoiceDescription: ourLabel }), addition(4, { invoiceDescription: otherLabel })],
      }),
    );
    expect(ownedIds(result)).toEqual([3]);
    expect(result.adopted).toEqual([3]);
    expect(result.ignored).toEqual([{ additionId: 4, catalogItemId: ourItem, reason: "other-organization" }]);
  });

  it("does not trust a label two organizations on the agreement share", () => {
    const result = selectOwnedAdditions(
      input({ additions: [addition(5, { invoiceDescription: ourLabel })], otherLabels: new Set([ourLabel]) }),
    );
    expect(ownedIds(result)).toEqual([]);
  });

  it("adopts an unlabelled line only as the agreement's only enabled mapping", () => {
    const shared = selectOwnedAdditions(input({ additions: [addition(6)] }));
    expect(ownedIds(shared)).toEqual([]);
    expect(shared.ignored).toEqual([{ additionId: 6, catalogItemId: ourItem, reason: "unowned-on-shared-agreement" }]);
    const sole = selectOwnedAdditions(input({ additions: [addition(6)], soleEnabledMapping: true }));
    expect(ownedIds(sole)).toEqual([6]);
    expect(sole.adopted).toEqual([6]);
  });

  it("claims a line that appeared after its own create whose outcome was unknown", () => {
    const result = selectOwnedAdditions(
      input({
        additions: [addition(7), addition(8)],
        otherLabels: new Set([ourLabel]),
        unknownCreates: new Map([[ourItem, new Set([7])]]),
      }),
    );
    expect(ownedIds(result)).toEqual([8]);
  });

  it("leaves other products and unowned cancelled lines out entirely", () => {
    const result = selectOwnedAdditions(
      input({
        additions: [addition(9, { catalogItemId: foreignItem }), addition(10, { cancelledDate: "2026-01-02" })],
        soleEnabledMapping: true,
      }),
    );
    expect(result).toEqual({ owned: [], adopted: [], ignored: [] });
  });

  it("keeps a ledger line of a product no longer published", () => {
    const result = selectOwnedAdditions(
      input({ additions: [addition(11, { catalogItemId: foreignItem })], ownAdditionIds: new Set([11]) }),
    );
    expect(ownedIds(result)).toEqual([11]);
  });
});
