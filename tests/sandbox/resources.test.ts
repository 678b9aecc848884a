import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createClient } from "./sandbox-client";

let sandbox: Sandbox;
let client: ReturnType<typeof createClient>;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "demo" });
  client = createClient(sandbox, "admin");
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

interface ResourceCase {
  collection: string;
  create: () => Record<string, unknown>;
  replace: () => Record<string, unknown>; // a full body without `resetField`
  resetField: string; // set by create, omitted by replace: PUT must drop it
  patch: { path: string; value: unknown };
  softDelete?: boolean;
}

const agreementTypeBody = {
  employeeCompRate: "Actual",
  employeeCompNotExceed: "Billing",
  invoicingCycle: "ContractYear",
  billTime: "Billable",
  billExpenses: "Billable",
  billProducts: "Billable",
};

function firstAgreement() {
  return sandbox.state.agreement(1200)!;
}

const cases: Record<string, ResourceCase> = {
  companies: {
    collection: "/company/companies",
    create: () => ({
      identifier: "NewCoInc",
      name: "New Co Inc",
      addressLine1: "1 Main St",
      city: "Tampa",
      phoneNumber: "555-0100",
    }),
    replace: () => ({ identifier: "NewCoInc", name: "New Co", city: "Tampa" }),
    resetField: "phoneNumber",
    patch: { path: "name", value: "New Company" },
    softDelete: true,
  },
  companyStatuses: {
    collection: "/company/companies/statuses",
    create: () => ({ name: "On Hold", notificationMessage: "Check with accounts" }),
    replace: () => ({ name: "On Hold" }),
    resetField: "notificationMessage",
    patch: { path: "name", value: "Hold" },
  },
  companyTypes: {
    collection: "/company/companies/types",
    create: () => ({ name: "Reseller", serviceAlertMessage: "Resells our services" }),
    replace: () => ({ name: "Reseller" }),
    resetField: "serviceAlertMessage",
    patch: { path: "name", value: "Referral Partner" },
  },
  agreements: {
    collection: "/finance/agreements",
    create: () => ({
      name: "Project agreement",
      type: { name: "Block Time" },
      company: { identifier: "ContosoLtd" },
      contact: { id: (firstAgreement().contact as { id: number }).id },
      customerPO: "PO-1",
    }),
    replace: () => ({
      name: "Project agreement",
      type: { id: 1 },
      company: { id: 250 },
      contact: { id: (firstAgreement().contact as { id: number }).id },
      ...agreementTypeBody,
    }),
    resetField: "customerPO",
    patch: { path: "name", value: "Renamed agreement" },
  },
  agreementTypes: {
    collection: "/finance/agreements/types",
    create: () => ({ name: "Cloud Services", ...agreementTypeBody, invoicePreSuffix: "CS" }),
    replace: () => ({ name: "Cloud Services", ...agreementTypeBody }),
    resetField: "invoicePreSuffix",
    patch: { path: "billTime", value: "NoCharge" },
  },
  additions: {
    collection: "/finance/agreements/1200/additions",
    create: () => ({ product: { id: 9001 }, billCustomer: "Billable", quantity: 3, serialNumber: "SN-1" }),
    replace: () => ({ product: { id: 9001 }, billCustomer: "Billable", quantity: 4 }),
    resetField: "serialNumber",
    patch: { path: "quantity", value: 9 },
  },
  adjustments: {
    collection: "/finance/agreements/1200/adjustments",
    create: () => ({ amount: 50, description: "Goodwill credit" }),
    replace: () => ({ amount: 40 }),
    resetField: "description",
    patch: { path: "amount", value: 75 },
  },
  billingCycles: {
    collection: "/finance/billingCycles",
    create: () => ({ identifier: "SM", name: "Semi-Monthly", billingOptions: "SemiMonthly", defaultFlag: false }),
    replace: () => ({ identifier: "SM", name: "Semi-Monthly", billingOptions: "SemiMonthly" }),
    resetField: "defaultFlag-not-used",
    patch: { path: "name", value: "Twice Monthly" },
  },
  catalog: {
    collection: "/procurement/catalog",
    create: () => ({
      identifier: "VEND-EDR-STD",
      description: "Vendor EDR Standard",
      customerDescription: "EDR per endpoint",
      subcategory: { id: 10 },
      type: { id: 1 },
      price: 4.5,
      cost: 2.1,
      vendorSku: "EDR-STD",
    }),
    replace: () => ({
      identifier: "VEND-EDR-STD",
      description: "Vendor EDR Standard",
      customerDescription: "EDR per endpoint",
      subcategory: { id: 10 },
      type: { id: 1 },
    }),
    resetField: "vendorSku",
    patch: { path: "price", value: 5 },
  },
  categories: {
    collection: "/procurement/categories",
    create: () => ({ name: "Printing", integrationXref: "PRN" }),
    replace: () => ({ name: "Printing" }),
    resetField: "integrationXref",
    patch: { path: "name", value: "Print" },
  },
  subcategories: {
    collection: "/procurement/subcategories/",
    create: () => ({ name: "Toner", category: { id: 1 }, integrationXref: "TNR" }),
    replace: () => ({ name: "Toner", category: { id: 1 } }),
    resetField: "integrationXref",
    patch: { path: "name", value: "Toner cartridges" },
  },
  categorySubcategories: {
    collection: "/procurement/categories/1/subcategories/",
    create: () => ({ name: "Cables" }),
    replace: () => ({ name: "Cables and adapters" }),
    resetField: "none",
    patch: { path: "inactiveFlag", value: true },
  },
  productTypes: {
    collection: "/procurement/types",
    create: () => ({ name: "Kit", typeXref: "KIT" }),
    replace: () => ({ name: "Kit" }),
    resetField: "typeXref",
    patch: { path: "name", value: "Hardware kit" },
  },
  unitOfMeasures: {
    collection: "/procurement/unitOfMeasures",
    create: () => ({ name: "Pack", uomScheduleXref: "PK" }),
    replace: () => ({ name: "Pack" }),
    resetField: "uomScheduleXref",
    patch: { path: "name", value: "Pack of 10" },
  },
  manufacturers: {
    collection: "/procurement/manufacturers",
    create: () => ({ name: "Lenovo", inactiveFlag: true }),
    replace: () => ({ name: "Lenovo" }),
    resetField: "none",
    patch: { path: "name", value: "Lenovo Group" },
  },
};

describe.each(Object.entries(cases))("%s", (_name, resource) => {
  it("lists, counts, creates, reads, patches, replaces and deletes", async () => {
    const collection = resource.collection;
    const bare = collection.replace(/\/$/, "");
    const before = await client.get(`${bare}/count`);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ count: expect.any(Number) });

    const created = await client.post(collection, resource.create());
    expect(created.status).toBe(201);
    expect(created.body.id).toEqual(expect.any(Number));
    expect(created.body._info).toEqual({
      lastUpdated: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updatedBy: "admin",
      dateEntered: expect.stringMatching(/Z$/),
      enteredBy: "admin",
    });
    const id = created.body.id as number;
    expect((await client.get(`${bare}/count`)).body.count).toBe(before.body.count + 1);

    const list = await client.get(`${collection}?pageSize=1000`);
    expect(list.status).toBe(200);
    expect(list.body.map((record: { id: number }) => record.id)).toContain(id);

    const read = await client.get(`${bare}/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const patched = await client.patch(`${bare}/${id}`, [
      { op: "replace", path: resource.patch.path, value: resource.patch.value },
    ]);
    expect(patched.status).toBe(200);
    expect(patched.body[resource.patch.path]).toEqual(resource.patch.value);

    const replaced = await client.put(`${bare}/${id}`, resource.replace());
    expect(replaced.status).toBe(200);
    expect(replaced.body.id).toBe(id);
    expect(replaced.body).not.toHaveProperty(resource.resetField);
    expect(replaced.body._info.dateEntered).toBe(created.body._info.dateEntered);

    const deleted = await client.delete(`${bare}/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    const after = await client.get(`${bare}/${id}`);
    if (resource.softDelete) {
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({ deletedFlag: true, deletedBy: "admin", dateDeleted: expect.any(String) });
    } else {
      expect(after.status).toBe(404);
      expect(after.body).toMatchObject({ code: "NotFound" });
    }
  });

  it("answers 404 for an unknown id on GET, PUT, PATCH and DELETE", async () => {
    const bare = resource.collection.replace(/\/$/, "");
    for (const response of [
      await client.get(`${bare}/999999`),
      await client.put(`${bare}/999999`, resource.replace()),
      await client.patch(`${bare}/999999`, [{ op: "replace", path: resource.patch.path, value: resource.patch.value }]),
      await client.delete(`${bare}/999999`),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: "NotFound", message: expect.any(String) });
    }
  });
});

describe("subcategory paths", () => {
  it("serves the collection with and without the trailing slash, and the legacy child path", async () => {
    const withSlash = await client.get("/procurement/subcategories/?pageSize=100");
    const withoutSlash = await client.get("/procurement/subcategories?pageSize=100");
    expect(withSlash.status).toBe(200);
    expect(withoutSlash.body).toEqual(withSlash.body);
    const software = withSlash.body.filter(
      (subcategory: { category: { id: number } }) => subcategory.category.id === 2,
    );
    const legacy = await client.get("/procurement/categories/2/subcategories/");
    expect(legacy.body.map((subcategory: { id: number }) => subcategory.id)).toEqual(
      software.map((subcategory: { id: number }) => subcategory.id),
    );
    expect(legacy.body[0]).not.toHaveProperty("category");
    expect((await client.get("/procurement/categories/2/subcategories")).body).toEqual(legacy.body);
    expect((await client.get("/procurement/categories/2/subcategories/count")).body).toEqual({
      count: software.length,
    });
    expect((await client.get(`/procurement/categories/1/subcategories/${software[0].id}`)).status).toBe(404);
    expect((await client.get("/procurement/categories/999/subcategories/")).status).toBe(404);
  });
});

describe("children of a missing agreement", () => {
  it("answer 404 naming the agreement", async () => {
    const response = await client.get("/finance/agreements/999999/additions");
    expect(response.status).toBe(404);
    expect(response.body.message).toMatch(/Agreement/);
    expect(
      (await client.post("/finance/agreements/999999/additions", { product: { id: 9001 }, billCustomer: "Billable" }))
        .status,
    ).toBe(404);
  });
});

describe("system info", () => {
  it("returns the Info schema", async () => {
    const response = await client.get("/system/info");
    expect(Object.keys(response.body).sort()).toEqual([
      "cloudRegion",
      "isCloud",
      "licenseBits",
      "maxWorkFlowRecordsAllowed",
      "serverTimeZone",
      "version",
    ]);
  });
});
