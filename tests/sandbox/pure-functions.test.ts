// Unit tests of the sandbox's pure building blocks.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeAdditionAmounts } from "@/sandbox/addition-amounts";
import { deriveAgreementStatus } from "@/sandbox/agreement-status";
import { formatDateTime, isConnectWiseDateTime } from "@/sandbox/datetime";
import { readPatchChanges } from "@/sandbox/patch";
import { createRandom } from "@/sandbox/random";
import { matchRoute } from "@/sandbox/resources";
import { deriveIdentifier, stripAccents } from "@/sandbox/scenarios/clients";
import { findMissingRequired, normalizeWriteBody } from "@/sandbox/validation";

describe("computeAdditionAmounts", () => {
  it("follows the documented formulas", () => {
    expect(computeAdditionAmounts({ quantity: 37, unitPrice: 4.5, unitCost: 2.1 })).toEqual({
      billedQuantity: 37,
      extPrice: 166.5,
      extCost: 77.7,
      margin: 88.8,
    });
    expect(computeAdditionAmounts({ quantity: 3, lessIncluded: 5, unitPrice: 1 }).billedQuantity).toBe(0);
    expect(computeAdditionAmounts({ quantity: 3, unitPrice: 0.1 }).extPrice).toBe(0.3);
    expect(computeAdditionAmounts({})).toEqual({ billedQuantity: 0, extPrice: 0, extCost: 0, margin: 0 });
  });

  it("keeps margin = extPrice - extCost to the cent", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (quantity, priceCents, costCents) => {
          const amounts = computeAdditionAmounts({ quantity, unitPrice: priceCents / 100, unitCost: costCents / 100 });
          expect(Math.abs(amounts.margin - (amounts.extPrice - amounts.extCost))).toBeLessThan(0.006);
        },
      ),
    );
  });
});

describe("deriveAgreementStatus", () => {
  const now = new Date("2025-06-15T12:00:00Z");
  it("orders Cancelled, Expired, Inactive, Active", () => {
    expect(deriveAgreementStatus({ cancelledFlag: true, endDate: "2020-01-01T00:00:00Z" }, now)).toBe("Cancelled");
    expect(deriveAgreementStatus({ endDate: "2025-06-01T00:00:00Z" }, now)).toBe("Expired");
    expect(deriveAgreementStatus({ endDate: "2025-06-01T00:00:00Z", noEndingDateFlag: true }, now)).toBe("Active");
    expect(deriveAgreementStatus({ startDate: "2025-07-01T00:00:00Z" }, now)).toBe("Inactive");
    expect(deriveAgreementStatus({ startDate: "2025-01-01T00:00:00Z", endDate: "2025-12-31T00:00:00Z" }, now)).toBe(
      "Active",
    );
  });
});

describe("datetimes", () => {
  it("formats without milliseconds and accepts only that form", () => {
    expect(formatDateTime(new Date("2025-06-01T10:20:30.456Z"))).toBe("2025-06-01T10:20:30Z");
    expect(isConnectWiseDateTime("2025-06-01T10:20:30Z")).toBe(true);
    for (const text of [
      "2025-06-01T10:20:30.000Z",
      "2025-06-01",
      "2025-06-01T10:20:30+00:00",
      "2025-13-01T00:00:00Z",
      "2025-06-01 10:20:30Z",
    ]) {
      expect(isConnectWiseDateTime(text)).toBe(false);
    }
  });
});

describe("readPatchChanges", () => {
  it("maps operations to changed fields", () => {
    expect(
      readPatchChanges("Addition", [
        { op: "replace", path: "quantity", value: 3 },
        { op: "remove", path: "serialNumber" },
        { op: "ADD", path: "unitPrice", value: 1 },
      ]),
    ).toEqual({
      kind: "changes",
      changes: { quantity: 3, serialNumber: null, unitPrice: 1 },
    });
  });

  it("ignores a reference sub-path (false 200) and refuses unknown paths", () => {
    expect(readPatchChanges("Agreement", [{ op: "replace", path: "company/identifier", value: "X" }])).toEqual({
      kind: "changes",
      changes: {},
    });
    expect(readPatchChanges("Addition", [{ op: "replace", path: "Quantity", value: 1 }]).kind).toBe("invalid");
    expect(readPatchChanges("Addition", [{ op: "replace", path: "/quantity", value: 1 }]).kind).toBe("invalid");
    expect(readPatchChanges("Addition", [{ op: "copy", path: "quantity", value: 1 }]).kind).toBe("invalid");
    expect(readPatchChanges("Addition", [{ op: "replace", path: "quantity" }]).kind).toBe("invalid");
    expect(readPatchChanges("Addition", { op: "replace" }).kind).toBe("invalid");
  });
});

describe("spec-driven validation", () => {
  it("checks types, lengths, enums and date formats from the OpenAPI extract", () => {
    const { values, issues } = normalizeWriteBody(
      "Company",
      {
        identifier: "A".repeat(31),
        name: "Ok\nName",
        yearEstablished: 1.5,
        leadFlag: "no",
        dateAcquired: "2025-01-01T00:00:00.000Z",
        unknown: 1,
        id: 4,
        country: "US",
      },
      "company",
    );
    expect(values).toEqual({ name: "Ok Name" });
    expect(issues.map((issue) => [issue.field, issue.code])).toEqual([
      ["identifier", "OutOfRange"],
      ["yearEstablished", "InvalidField"],
      ["leadFlag", "InvalidField"],
      ["dateAcquired", "UnsupportedFormat"],
      ["country", "InvalidField"],
    ]);
  });

  it("lists required fields, and the Required On Updates ones for PUT", () => {
    expect(findMissingRequired("CatalogItem", {}, "catalogItem", "create").map((issue) => issue.field)).toEqual([
      "identifier",
      "description",
      "subcategory",
      "type",
      "customerDescription",
    ]);
    expect(
      findMissingRequired(
        "Agreement",
        { name: "x", type: { id: 1 }, company: { id: 1 }, contact: { id: 1 } },
        "agreement",
        "update",
      ).map((issue) => issue.field),
    ).toEqual(["employeeCompRate", "invoicingCycle", "billTime", "billExpenses", "billProducts"]);
    expect(findMissingRequired("Addition", { product: {}, billCustomer: "" }, "addition", "create")).toHaveLength(2);
  });
});

describe("matchRoute", () => {
  it("matches spec templates with numeric ids, case-insensitively, with or without a trailing slash", () => {
    expect(matchRoute("/finance/agreements/12/additions/34")).toMatchObject({
      parentId: 12,
      id: 34,
      route: { template: "/finance/agreements/{parentId}/additions/{id}" },
    });
    expect(matchRoute("/Finance/Agreements/Types/")?.route.template).toBe("/finance/agreements/types");
    expect(matchRoute("/procurement/subcategories")?.route.template).toBe("/procurement/subcategories/");
    expect(matchRoute("/procurement/categories/3/subcategories/count")).toMatchObject({
      parentId: 3,
      route: { kind: "count" },
    });
    expect(matchRoute("/company/companies/x")).toBeUndefined();
    expect(matchRoute("/finance/agreementTypes")).toBeUndefined();
  });
});

describe("scenario helpers", () => {
  it("derives unique ConnectWise identifiers of at most 30 characters", () => {
    const taken = new Set<string>();
    expect(deriveIdentifier("Müller Bäckerei GmbH", taken)).toBe("MullerBackereiGmbH");
    expect(deriveIdentifier("Muller Backerei GmbH", taken)).toBe("MullerBackereiGmbH2");
    expect(deriveIdentifier("Østergaard & Søn ApS", taken)).toBe("OstergaardSonApS");
    expect(deriveIdentifier("x".repeat(40), taken)).toHaveLength(30);
    expect(deriveIdentifier("x".repeat(40), taken)).toBe(`${"x".repeat(29)}2`);
    expect(stripAccents("Żabka Café Łódź")).toBe("Zabka Cafe Lodz");
  });

  it("draws the same sequence for the same seed", () => {
    const first = createRandom(42);
    const second = createRandom(42);
    const draws = Array.from({ length: 20 }, () => first.next());
    expect(Array.from({ length: 20 }, () => second.next())).toEqual(draws);
    expect(draws.every((draw) => draw >= 0 && draw < 1)).toBe(true);
    expect(createRandom(43).next()).not.toBe(draws[0]);
  });
});
