import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createClient } from "./sandbox-client";

let sandbox: Sandbox;
let client: ReturnType<typeof createClient>;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "demo" });
  client = createClient(sandbox, "integration");
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

function findAgreement(status: string) {
  return sandbox.state.agreements().find((agreement) => agreement.agreementStatus === status)!;
}

describe("agreement additions", () => {
  it("computes the server-side fields (REFERENCE §5.4 example)", async () => {
    const item = await createClient(sandbox, "admin").post("/procurement/catalog", {
      identifier: "VEND-EDR-STD",
      description: "Vendor EDR Standard (per endpoint)",
      customerDescription: "Endpoint detection & response, per protected endpoint",
      subcategory: { id: 10 },
      type: { id: 1 },
      unitOfMeasure: { name: "Each" },
      price: 4.5,
      cost: 2.1,
    });
    const agreement = findAgreement("Active");
    const response = await client.post(`/finance/agreements/${agreement.id}/additions`, {
      product: { id: item.body.id },
      billCustomer: "Billable",
      quantity: 37,
      unitPrice: 4.5,
      unitCost: 2.1,
      effectiveDate: "2025-06-01T00:00:00Z",
      taxableFlag: false,
      invoiceDescription: "EDR Standard - 37 endpoints",
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      product: { id: item.body.id, identifier: "VEND-EDR-STD" },
      quantity: 37,
      extPrice: 166.5,
      extCost: 77.7,
      margin: 88.8,
      billedQuantity: 37,
      agreementId: agreement.id,
      agreementStatus: "Active",
      uom: "Each",
      description: "Vendor EDR Standard (per endpoint)",
    });
    const patched = await client.patch(`/finance/agreements/${agreement.id}/additions/${response.body.id}`, [
      { op: "replace", path: "quantity", value: 41 },
    ]);
    expect(patched.body).toMatchObject({ quantity: 41, extPrice: 184.5, extCost: 86.1, margin: 98.4 });
  });

  it("defaults price, cost and description from the catalog item when omitted", async () => {
    const agreement = findAgreement("Active");
    const response = await client.post(`/finance/agreements/${agreement.id}/additions`, {
      product: { identifier: "M365-BP" },
      billCustomer: "Billable",
      quantity: 10,
    });
    expect(response.body).toMatchObject({
      unitPrice: 26.4,
      unitCost: 22,
      description: "Microsoft 365 Business Premium",
      uom: "User",
      extPrice: 264,
      extCost: 220,
      margin: 44,
    });
  });

  it("floors billed quantity at zero with lessIncluded", async () => {
    const agreement = findAgreement("Active");
    const response = await client.post(`/finance/agreements/${agreement.id}/additions`, {
      product: { id: 9001 },
      billCustomer: "Billable",
      quantity: 3,
      lessIncluded: 5,
    });
    expect(response.body.billedQuantity).toBe(0);
  });

  it("re-defaults price from the new product when the product is re-pointed", async () => {
    const agreement = findAgreement("Active");
    const created = await client.post(`/finance/agreements/${agreement.id}/additions`, {
      product: { id: 9001 },
      billCustomer: "Billable",
      quantity: 1,
    });
    const patched = await client.patch(`/finance/agreements/${agreement.id}/additions/${created.body.id}`, [
      { op: "replace", path: "product", value: { identifier: "M365-BB" } },
    ]);
    expect(patched.body).toMatchObject({ unitPrice: 7.2, unitCost: 6, description: "Microsoft 365 Business Basic" });
  });

  it("refuses bundle-class catalog items", async () => {
    const agreement = findAgreement("Active");
    const response = await client.post(`/finance/agreements/${agreement.id}/additions`, {
      product: { identifier: "ONBOARDING-BUNDLE" },
      billCustomer: "Billable",
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: "InvalidObject",
      errors: [expect.objectContaining({ field: "product", resource: "addition" })],
    });
  });

  it("carries the parent agreement's derived status", async () => {
    for (const status of ["Cancelled", "Expired"]) {
      const agreement = findAgreement(status);
      const response = await client.post(`/finance/agreements/${agreement.id}/additions`, {
        product: { id: 9001 },
        billCustomer: "Billable",
      });
      expect(response.body.agreementStatus).toBe(status);
    }
  });

  it("lists additions of one agreement only, and filters them", async () => {
    const agreement = sandbox.state.agreements().find((candidate) => sandbox.state.additions(candidate.id).length > 1)!;
    const all = await client.get(`/finance/agreements/${agreement.id}/additions`);
    expect(all.body.map((addition: { id: number }) => addition.id)).toEqual(
      sandbox.state.additions(agreement.id).map((addition) => addition.id),
    );
    expect(all.body.every((addition: { agreementId: number }) => addition.agreementId === agreement.id)).toBe(true);
    const live = await client.get(
      `/finance/agreements/${agreement.id}/additions?conditions=${encodeURIComponent("cancelledDate=null")}`,
    );
    expect(live.body.every((addition: Record<string, unknown>) => !("cancelledDate" in addition))).toBe(true);
  });
});

describe("agreements", () => {
  it("derive their status from the cancel flag and dates", async () => {
    const agreement = findAgreement("Active");
    const cancelled = await client.patch(`/finance/agreements/${agreement.id}`, [
      { op: "replace", path: "cancelledFlag", value: true },
    ]);
    expect(cancelled.body).toMatchObject({ agreementStatus: "Cancelled", dateCancelled: expect.any(String) });
    const other = findAgreement("Active");
    const expired = await client.patch(`/finance/agreements/${other.id}`, [
      { op: "replace", path: "noEndingDateFlag", value: false },
      { op: "replace", path: "endDate", value: "2020-01-01T00:00:00Z" },
    ]);
    expect(expired.body.agreementStatus).toBe("Expired");
    const future = await client.patch(`/finance/agreements/${other.id}`, [
      { op: "remove", path: "endDate" },
      { op: "replace", path: "startDate", value: "2999-01-01T00:00:00Z" },
    ]);
    expect(future.body.agreementStatus).toBe("Inactive");
  });

  it("take defaults from their agreement type on POST", async () => {
    const contact = sandbox.state.agreement(1200)!.contact as { id: number };
    const response = await createClient(sandbox, "admin").post("/finance/agreements", {
      name: "New MSA",
      type: { name: "Managed Services" },
      company: { id: 250 },
      contact: { id: contact.id },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      billTime: "Billable",
      employeeCompRate: "Actual",
      invoicingCycle: "ContractYear",
      billingCycle: { name: "Monthly" },
      agreementStatus: "Active",
      noEndingDateFlag: true,
    });
  });

  it("delete their additions with them", async () => {
    const agreement = sandbox.state.agreements().find((candidate) => sandbox.state.additions(candidate.id).length > 0)!;
    expect((await createClient(sandbox, "admin").delete(`/finance/agreements/${agreement.id}`)).status).toBe(204);
    expect(sandbox.state.additions(agreement.id)).toEqual([]);
    expect((await client.get(`/finance/agreements/${agreement.id}/additions`)).status).toBe(404);
  });
});
