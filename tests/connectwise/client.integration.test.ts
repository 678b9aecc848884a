/** The client's domain methods against the in-process sandbox, over real HTTP. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DEVELOPMENT_CLIENT_ID,
  discoverCompany,
  NotFoundError,
  ValidationError,
  type ConnectWiseClient,
} from "@/lib/connectwise/index";
import type { Sandbox } from "@/sandbox/index";
import { connectAs, startTestSandbox } from "./sandbox-connection";

let sandbox: Sandbox;
let client: ConnectWiseClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});

afterAll(async () => {
  await sandbox.stop();
});

beforeEach(() => {
  sandbox.reset();
  sandbox.clearLog();
  client = connectAs(sandbox).client;
});

describe("discovery and sign-in", () => {
  it("finds the codebase and API base URL; a host that is not a cloud host keeps its name", async () => {
    const discovery = await discoverCompany(sandbox.site, sandbox.companyId.toUpperCase());
    expect(discovery).toMatchObject({
      site: sandbox.site,
      codebase: "v2025_8/",
      apiBaseUrl: `${sandbox.site}/v2025_8/apis/3.0`,
      isCloud: true,
      companyName: expect.any(String),
    });
  });

  it("signs in with good keys, sending Basic auth, clientId and the pinned version", async () => {
    const info = await client.getSystemInfo();
    expect(info.version).toMatch(/2025\.8/);
    const calls = sandbox.requests();
    expect(calls.map((entry) => entry.pathTemplate)).toEqual(["/login/companyinfo/{company}", "/system/info"]);
    expect(calls[1]).toMatchObject({ status: 200, member: "integration" });
  });

  it("sends the development clientId by default, which the sandbox accepts", async () => {
    expect(sandbox.clientId).toBe(DEVELOPMENT_CLIENT_ID);
    const { client: defaulted } = connectAs(sandbox, { clientId: undefined });
    await expect(defaulted.getSystemInfo()).resolves.toMatchObject({ version: "v2025.8.12345" });
  });

  it("accepts the site as an admin might type it, with a path", async () => {
    const { client: typed } = connectAs(sandbox, { site: `${sandbox.site}/v4_6_release/ConnectWise.aspx?x=1` });
    await expect(typed.getSystemInfo()).resolves.toMatchObject({ version: "v2025.8.12345" });
  });

  it("skips discovery when the API base URL is already known", async () => {
    const { client: known } = connectAs(sandbox, { apiBaseUrl: `${sandbox.site}/v2025_8/apis/3.0/` });
    await known.getSystemInfo();
    expect(sandbox.requests().map((entry) => entry.pathTemplate)).toEqual(["/system/info"]);
  });
});

describe("companies", () => {
  it("lists every company forward-only across several pages, in id order", async () => {
    const { client: paging, records } = connectAs(sandbox);
    const companies = await paging.listCompanies({ pageSize: 10 }).toArray();
    const expected = sandbox.state
      .companies()
      .map((company) => company.id)
      .sort((left, right) => left - right);
    expect(companies.map((company) => company.id)).toEqual(expected);
    const listCalls = sandbox.requests().filter((entry) => entry.pathTemplate === "/company/companies");
    expect(listCalls.length).toBe(Math.ceil(expected.length / 10));
    expect(listCalls[1].query).toMatch(/pageId=\d+/);
    expect(records.filter((record) => record.path === "/company/companies")).toHaveLength(listCalls.length);
    const deleted = companies.find((company) => company.name === "Bayside Auto Repair");
    expect(deleted?.deleted).toBe(true);
    expect(companies.find((company) => company.identifier === "OBrienSons")).toMatchObject({
      name: "O'Brien & Sons Ltd",
      status: "Active",
      deleted: false,
    });
  });

  it("lists navigable pages too, and resumes forward-only after an id", async () => {
    const all = await client.listCompanies({ forwardOnly: false, pageSize: 7 }).toArray();
    expect(all).toHaveLength(sandbox.state.companies().length);
    const afterId = all[20].id;
    const rest = await client.listCompanies({ pageSize: 10, startAfterId: afterId }).toArray();
    expect(rest[0].id).toBe(all[21].id);
  });

  it("lists only companies changed since a moment", async () => {
    const changed = sandbox.state.addCompany({ identifier: "FreshCo", name: "Fresh Co", city: "Leeds" });
    const since = new Date(Date.parse(String((changed._info as Record<string, string>).lastUpdated)) - 1000);
    const companies = await client.listCompanies({ updatedSince: since }).toArray();
    expect(companies.map((company) => company.identifier)).toContain("FreshCo");
    expect(companies.length).toBeLessThan(sandbox.state.companies().length);
  });

  it(`finds O'Brien & "Sons" Ltd by its exact name`, async () => {
    sandbox.state.addCompany({ identifier: "OBrienQuoted", name: `O'Brien & "Sons" Ltd`, city: "Cork" });
    const found = await client.findCompaniesByName(`O'Brien & "Sons" Ltd`);
    expect(found.map((company) => company.identifier)).toEqual(["OBrienQuoted"]);
    expect(found[0].name).toBe(`O'Brien & "Sons" Ltd`);
    expect(await client.findCompaniesByName(`O'Brien & Sons Ltd`)).toHaveLength(1);
    expect(await client.findCompaniesByName(`O'Brien`)).toEqual([]);
  });

  it("searches by part of the name or identifier, leaving deleted companies out", async () => {
    const found = await client.searchCompanies("contoso");
    expect(found.map((company) => company.name)).toEqual(["Contoso Limited"]);
    expect((await client.searchCompanies(`"Best"`)).map((company) => company.name)).toEqual([`The "Best" Plumbing Co`]);
    expect(await client.searchCompanies("", { limit: 5 })).toHaveLength(5);
  });

  it("reads one company, and says when it does not exist", async () => {
    expect(await client.getCompany(251)).toMatchObject({ identifier: "OBrienSons" });
    await expect(client.getCompany(987654)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("agreements and additions", () => {
  it("lists a company's agreements and every agreement over navigable pages", async () => {
    const agreements = await client.listAgreements({ companyId: 250 }).toArray();
    expect(agreements.length).toBeGreaterThan(0);
    expect(
      agreements.every((agreement) => agreement.companyId === 250 && agreement.companyName === "Contoso Limited"),
    ).toBe(true);
    expect(agreements[0]).toMatchObject({
      typeName: expect.any(String),
      status: expect.any(String),
      cancelled: expect.any(Boolean),
    });
    const all = await client.listAgreements({ pageSize: 5 }).toArray();
    expect(all).toHaveLength(sandbox.state.agreements().length);
    const open = await client.listAgreements({ includeCancelled: false }).toArray();
    expect(open.every((agreement) => !agreement.cancelled)).toBe(true);
    expect(open.length).toBeLessThan(all.length);
  });

  it("reads, creates, updates and cancels additions", async () => {
    const agreement = await client.getAgreement(1200);
    expect(agreement).toMatchObject({ id: 1200, companyId: 250 });
    const before = await client.listAdditions(1200);
    expect(before).toHaveLength(sandbox.state.additions(1200).length);
    expect(before[0]).toMatchObject({
      agreementId: 1200,
      catalogItemId: expect.any(Number),
      productIdentifier: expect.any(String),
      cancelledDate: null,
    });

    const created = await client.createAddition(1200, {
      catalogItemId: 9001,
      quantity: 37,
      unitPrice: 26.4,
      unitCost: 22,
      effectiveDate: "2025-06-01",
      description: "Microsoft 365 Business Premium",
    });
    expect(created).toMatchObject({
      catalogItemId: 9001,
      productIdentifier: "M365-BP",
      quantity: 37,
      billCustomer: "Billable",
      effectiveDate: "2025-06-01T00:00:00Z",
    });
    expect(sandbox.state.addition(1200, created.id)).toMatchObject({
      quantity: 37,
      effectiveDate: "2025-06-01T00:00:00Z",
    });

    const updated = await client.updateAddition(1200, created.id, { quantity: 41, unitPrice: 25 });
    expect(updated).toMatchObject({ quantity: 41, unitPrice: 25 });
    const patch = sandbox.requests().find((entry) => entry.method === "PATCH");
    expect(patch?.status).toBe(200);

    const cancelled = await client.cancelAddition(1200, created.id, new Date("2025-07-31T15:45:12.345Z"));
    expect(cancelled.cancelledDate).toBe("2025-07-31T15:45:12Z");
    expect((await client.listAdditions(1200)).find((addition) => addition.id === created.id)?.cancelledDate).toBe(
      "2025-07-31T15:45:12Z",
    );
  });

  it("reports a missing agreement as not found", async () => {
    await expect(client.getAgreement(999_999)).rejects.toBeInstanceOf(NotFoundError);
    const error = await client.listAdditions(999_999).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toMatch(/read the additions of agreement 999999/);
  });

  it("reports ConnectWise's field message when it refuses an addition", async () => {
    const error = await client
      .createAddition(1200, { catalogItemId: 9022, quantity: 1, effectiveDate: "2025-06-01" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain(
      "Bundle products cannot be added to an agreement as additions.",
    );
    expect((error as ValidationError).status).toBe(400);
  });
});

describe("catalog", () => {
  it("finds catalog items by identifier in one request", async () => {
    const items = await client.findCatalogItemsByIdentifiers(["M365-BP", "S1-CORE", "NOT-THERE", "M365-BP"]);
    expect(items.map((item) => item.identifier).sort()).toEqual(["M365-BP", "S1-CORE"]);
    expect(items.find((item) => item.identifier === "M365-BP")).toMatchObject({
      id: 9001,
      productTypeName: "Software License",
      subcategoryId: 12,
      price: 26.4,
      inactive: false,
    });
    expect(sandbox.requests().filter((entry) => entry.pathTemplate === "/procurement/catalog")).toHaveLength(1);
    expect(await client.findCatalogItemsByIdentifiers([])).toEqual([]);
  });

  it("splits a lookup whose URL would pass 2000 characters, and still finds everything", async () => {
    const identifiers = [
      ...Array.from({ length: 120 }, (_, index) => `VENDOR-PRODUCT-NUMBER-${index}`),
      "M365-BP",
      "S1-CORE",
    ];
    const items = await client.findCatalogItemsByIdentifiers(identifiers);
    expect(items.map((item) => item.identifier).sort()).toEqual(["M365-BP", "S1-CORE"]);
    const calls = sandbox.requests().filter((entry) => entry.pathTemplate === "/procurement/catalog");
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) expect(`${sandbox.site}${call.path}${call.query}`.length).toBeLessThanOrEqual(2000);
  });

  it("creates and updates a catalog item, with ConnectWise's field message when it refuses one", async () => {
    const [type] = await client.listProductTypes();
    const subcategories = await client.listSubcategories();
    const created = await client.createCatalogItem({
      identifier: "SASE-PRO",
      description: "SASE Pro (per user)",
      customerDescription: "Secure access service edge, per user",
      productTypeId: type.id,
      subcategoryId: subcategories[0].id,
      price: 9.5,
      cost: 6,
    });
    expect(created).toMatchObject({
      identifier: "SASE-PRO",
      productClass: "NonInventory",
      price: 9.5,
      categoryId: subcategories[0].categoryId,
    });
    const updated = await client.updateCatalogItem(created.id, { price: 10, description: "SASE Pro" });
    expect(updated).toMatchObject({ price: 10, description: "SASE Pro" });

    const error = await client
      .createCatalogItem({
        identifier: "SASE-LONG",
        description: "x".repeat(61),
        customerDescription: "y",
        productTypeId: type.id,
        subcategoryId: subcategories[0].id,
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toContainEqual({
      field: "description",
      code: "OutOfRange",
      message: "The field description must be a string with a maximum length of 60.",
    });
    expect((error as ValidationError).message).toMatch(
      /^ConnectWise refused to create the catalog item SASE-LONG: .*The field description must be a string with a maximum length of 60\./,
    );
  });

  it("reads the setup tables", async () => {
    expect((await client.listProductTypes()).map((type) => type.name)).toContain("Software License");
    expect((await client.listUnitsOfMeasure()).length).toBeGreaterThan(0);
    const categories = await client.listCategories();
    expect(categories.length).toBeGreaterThan(0);
    const ofFirst = await client.listSubcategories(categories[0].id);
    expect(ofFirst.length).toBeGreaterThan(0);
    expect(ofFirst.every((subcategory) => subcategory.categoryId === categories[0].id)).toBe(true);
  });
});
