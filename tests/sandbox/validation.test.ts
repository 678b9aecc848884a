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

const validItem = () => ({
  identifier: "VEND-SASE-USER",
  description: "Vendor SASE per user",
  customerDescription: "Secure access per user",
  subcategory: { name: "SASE" },
  type: { name: "Non-Inventory" },
});

describe("POST validation from the spec", () => {
  it("reports missing required fields in ConnectWise's shape", async () => {
    const response = await client.post("/finance/agreements/1200/additions", { quantity: 5 });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      code: "InvalidObject",
      message: "addition object is invalid",
      errors: [
        {
          code: "MissingRequiredField",
          message: "The product field is required.",
          resource: "addition",
          field: "product",
        },
        {
          code: "MissingRequiredField",
          message: "The billCustomer field is required.",
          resource: "addition",
          field: "billCustomer",
        },
      ],
    });
  });

  it("enforces max lengths, enums and types", async () => {
    const response = await client.post("/procurement/catalog", {
      ...validItem(),
      description: "x".repeat(61),
      productClass: "Gadget",
      price: "4.50",
      taxableFlag: "yes",
    });
    expect(response.status).toBe(400);
    const byField = Object.fromEntries(
      response.body.errors.map((error: { field: string; code: string }) => [error.field, error.code]),
    );
    expect(byField).toEqual({
      description: "OutOfRange",
      productClass: "InvalidField",
      price: "InvalidField",
      taxableFlag: "InvalidField",
    });
    expect(response.body.message).toBe("catalogItem object is invalid");
  });

  it("accepts exactly the maximum length", async () => {
    const response = await client.post("/procurement/catalog", {
      ...validItem(),
      description: "x".repeat(60),
      identifier: "Y".repeat(75),
    });
    expect(response.status).toBe(201);
  });

  it("refuses date-times with milliseconds or offsets (UnsupportedFormat) and emits them without", async () => {
    for (const effectiveDate of ["2025-06-01T00:00:00.000Z", "2025-06-01T00:00:00+02:00", "2025-06-01"]) {
      const response = await client.post("/finance/agreements/1200/additions", {
        product: { id: 9001 },
        billCustomer: "Billable",
        effectiveDate,
      });
      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toMatchObject({ code: "UnsupportedFormat", field: "effectiveDate" });
    }
    const accepted = await client.post("/finance/agreements/1200/additions", {
      product: { id: 9001 },
      billCustomer: "Billable",
      effectiveDate: "2025-06-01T00:00:00Z",
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.effectiveDate).toBe("2025-06-01T00:00:00Z");
    expect(accepted.body._info.lastUpdated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("resolves references by id, identifier or name, expands them, and reports unknown ones", async () => {
    const created = await client.post("/procurement/catalog", validItem());
    expect(created.status).toBe(201);
    expect(created.body.subcategory).toEqual({
      id: expect.any(Number),
      name: "SASE",
      _info: { subcategory_href: expect.stringContaining("/procurement/subcategories/") },
    });
    expect(created.body.category).toMatchObject({ name: "Security" });
    const byIdentifier = await client.post("/finance/agreements/1200/additions", {
      product: { identifier: "VEND-SASE-USER" },
      billCustomer: "Billable",
    });
    expect(byIdentifier.status).toBe(201);
    expect(byIdentifier.body.product).toMatchObject({ id: created.body.id, identifier: "VEND-SASE-USER" });
    const missing = await client.post("/procurement/catalog", {
      ...validItem(),
      identifier: "OTHER",
      subcategory: { id: 99999 },
      unitOfMeasure: { name: "Furlong" },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((error: { code: string; field: string }) => [error.code, error.field])).toEqual([
      ["NotFound", "subcategory"],
      ["NotFound", "unitOfMeasure"],
    ]);
  });

  it("keeps catalog and company identifiers unique (ObjectExists)", async () => {
    const duplicateItem = await client.post("/procurement/catalog", { ...validItem(), identifier: "m365-bp" });
    expect(duplicateItem.status).toBe(400);
    expect(duplicateItem.body.errors).toEqual([expect.objectContaining({ code: "ObjectExists", field: "identifier" })]);
    const duplicateCompany = await client.post("/company/companies", {
      identifier: "ContosoLtd",
      name: "Contoso again",
      city: "London",
    });
    expect(duplicateCompany.status).toBe(400);
    expect(duplicateCompany.body.errors).toEqual([
      { code: "ObjectExists", message: "Company ID already in use.", resource: "company", field: "identifier" },
    ]);
  });

  it("requires an address field on companies and defaults status and types", async () => {
    const noAddress = await client.post("/company/companies", { identifier: "NoAddress", name: "No Address" });
    expect(noAddress.status).toBe(400);
    const created = await client.post("/company/companies", {
      identifier: "Addressed",
      name: "Addressed",
      zip: "33602",
    });
    expect(created.status).toBe(201);
    expect(created.body.status.name).toBe("Active");
    expect(created.body.types.map((type: { name: string }) => type.name)).toEqual(["Client"]);
    expect(created.body.deletedFlag).toBe(false);
  });

  it("turns \\r and \\n into spaces, ignores unknown and read-only fields", async () => {
    const response = await client.post("/finance/agreements/1200/additions", {
      product: { id: 9001 },
      billCustomer: "Billable",
      invoiceDescription: "line one\r\nline two",
      extPrice: 1_000_000,
      id: 5,
      nonsense: true,
    });
    expect(response.status).toBe(201);
    expect(response.body.invoiceDescription).toBe("line one  line two");
    expect(response.body.extPrice).not.toBe(1_000_000);
    expect(response.body.id).not.toBe(5);
    expect(response.body).not.toHaveProperty("nonsense");
  });

  it("answers 400 for a body that is not JSON", async () => {
    const response = await client.call("POST", "/procurement/catalog", "{not json");
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "InvalidObject" });
  });

  it("refuses a subcategory that belongs to another category", async () => {
    const response = await client.post("/procurement/catalog", { ...validItem(), category: { name: "Hardware" } });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe("subcategory");
  });

  it("refuses deleting a catalog item still used by additions (409)", async () => {
    const response = await client.delete("/procurement/catalog/9001");
    expect([204, 409]).toContain(response.status);
    const used = sandbox.state
      .agreements()
      .flatMap((agreement) => sandbox.state.additions(agreement.id))
      .map((addition) => (addition.product as { id: number }).id);
    expect(response.status).toBe(used.includes(9001) ? 409 : 204);
  });
});

describe("PATCH", () => {
  const additionPath = async () => {
    const created = await client.post("/finance/agreements/1200/additions", {
      product: { id: 9001 },
      billCustomer: "Billable",
      quantity: 2,
    });
    return `/finance/agreements/1200/additions/${created.body.id}`;
  };

  it("applies add/replace/remove on bare top-level paths", async () => {
    const path = await additionPath();
    const response = await client.patch(path, [
      { op: "replace", path: "quantity", value: 7 },
      { op: "add", path: "serialNumber", value: "SN-7" },
      { op: "Replace", path: "invoiceDescription", value: "seven" },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      quantity: 7,
      serialNumber: "SN-7",
      invoiceDescription: "seven",
      extPrice: 184.8,
    });
    const removed = await client.patch(path, [{ op: "remove", path: "serialNumber" }]);
    expect(removed.body).not.toHaveProperty("serialNumber");
  });

  it("answers the documented false 200 for a reference sub-path, changing nothing", async () => {
    const agreement = (await client.get("/finance/agreements/1200")).body;
    const response = await client.patch("/finance/agreements/1200", [
      { op: "replace", path: "company/identifier", value: "Fabrikam" },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(agreement);
  });

  it("replaces references whole, resolved by natural key", async () => {
    const response = await client.patch("/finance/agreements/1200", [
      { op: "replace", path: "company", value: { identifier: "Fabrikam" } },
    ]);
    expect(response.status).toBe(200);
    expect(response.body.company).toMatchObject({ identifier: "Fabrikam", name: "Fabrikam Inc" });
  });

  it("refuses unknown, wrong-case and JSON-pointer paths, unknown ops and non-arrays with 400", async () => {
    const path = await additionPath();
    for (const body of [
      [{ op: "replace", path: "Quantity", value: 1 }],
      [{ op: "replace", path: "/quantity", value: 1 }],
      [{ op: "replace", path: "colour", value: 1 }],
      [{ op: "move", path: "quantity", value: 1 }],
      { op: "replace", path: "quantity", value: 1 },
    ]) {
      const response = await client.patch(path, body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: "InvalidObject",
        errors: [expect.objectContaining({ resource: "addition" })],
      });
    }
  });

  it("validates the patched value and refuses removing a required field", async () => {
    const path = await additionPath();
    expect((await client.patch(path, [{ op: "replace", path: "billCustomer", value: "NoDefault" }])).status).toBe(400);
    expect((await client.patch(path, [{ op: "remove", path: "product" }])).status).toBe(400);
    expect(
      (await client.patch(path, [{ op: "replace", path: "cancelledDate", value: "2025-01-01T00:00:00.123Z" }])).body
        .errors[0].code,
    ).toBe("UnsupportedFormat");
  });

  it("cannot change a company's types after creation", async () => {
    const before = (await client.get("/company/companies/250")).body.types;
    const response = await client.patch("/company/companies/250", [
      { op: "replace", path: "types", value: [{ name: "Vendor" }] },
    ]);
    expect(response.status).toBe(200);
    expect(response.body.types).toEqual(before);
  });
});

describe("PUT", () => {
  it("requires the agreement's Required On Updates fields", async () => {
    const agreement = (await client.get("/finance/agreements/1200")).body;
    const response = await client.put("/finance/agreements/1200", {
      name: agreement.name,
      type: agreement.type,
      company: agreement.company,
      contact: agreement.contact,
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(
      ["billExpenses", "billProducts", "billTime", "employeeCompRate", "invoicingCycle"].sort(),
    );
  });
});
