/** The permission probe and real calls for each sandbox member, and proof that probing changes nothing. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  checkConnectWiseConnection,
  MissingPermissionError,
  PERMISSION_CATALOG,
  type ConnectWiseClient,
  type PermissionName,
} from "@/lib/connectwise/index";
import type { Sandbox } from "@/sandbox/index";
import { connectAs, listWrites, startTestSandbox } from "./sandbox-connection";

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});

afterAll(async () => {
  await sandbox.stop();
});

beforeEach(() => {
  sandbox.reset();
  sandbox.clearLog();
});

async function probeAs(member: string) {
  const { client } = connectAs(sandbox, { member });
  return await client.probePermissions();
}

function grantedMap(checks: Awaited<ReturnType<typeof probeAs>>): Record<string, boolean | null> {
  return Object.fromEntries(checks.map((check) => [check.permission, check.granted]));
}

const ALL_GRANTED = Object.fromEntries(PERMISSION_CATALOG.map((permission) => [permission.name, true]));

describe("probePermissions", () => {
  it("finds all eight granted for the integration member", async () => {
    const checks = await probeAs("integration");
    expect(grantedMap(checks)).toEqual(ALL_GRANTED);
    expect(checks.every((check) => check.detail === "Granted.")).toBe(true);
  });

  it("finds only the Edit levels missing for the seed's minimum", async () => {
    const checks = await probeAs("seed-minimum");
    expect(grantedMap(checks)).toEqual({
      ...ALL_GRANTED,
      "Finance > Agreements > Edit": false,
      "Procurement > Product Catalog > Edit": false,
    });
    const edit = checks.find((check) => check.permission === "Finance > Agreements > Edit");
    expect(edit).toMatchObject({ status: 403, definition: { requiredBy: "edit" } });
    expect(edit?.detail).toMatch(/^Missing\. .*cancel/);
  });

  it.each([
    ["no-company-inquire", "Companies > Company Maintenance > Inquire"],
    ["no-agreements-inquire", "Finance > Agreements > Inquire"],
    ["no-agreements-add", "Finance > Agreements > Add"],
    ["no-catalog-inquire", "Procurement > Product Catalog > Inquire"],
    ["no-catalog-add", "Procurement > Product Catalog > Add"],
    ["no-table-setup-inquire", "System > Table Setup > Inquire"],
  ] as const)("finds exactly the one permission %s lacks", async (member, missing) => {
    const checks = await probeAs(member);
    expect(grantedMap(checks)).toEqual({ ...ALL_GRANTED, [missing]: false });
  });

  it("creates and changes nothing, even for a member with every permission", async () => {
    const before = { agreements: sandbox.state.agreements(), catalog: sandbox.state.catalogItems() };
    await probeAs("admin");
    await probeAs("integration");
    expect(sandbox.state.agreements()).toEqual(before.agreements);
    expect(sandbox.state.catalogItems()).toEqual(before.catalog);
    const writes = listWrites(sandbox);
    expect(writes.length).toBe(8);
    expect(writes.every((entry) => entry.status === 400 || entry.status === 404)).toBe(true);
  });

  it("is part of the connection check, with the missing ones listed", async () => {
    const member = sandbox.member("seed-minimum");
    const result = await checkConnectWiseConnection({
      site: sandbox.site,
      companyId: sandbox.companyId,
      publicKey: member.publicKey,
      privateKey: member.privateKey,
      clientId: sandbox.clientId,
    });
    expect(result.discovery.apiBaseUrl).toBe(`${sandbox.site}/v2025_8/apis/3.0`);
    expect(result.systemInfo.isCloud).toBe(true);
    expect(result.permissions).toHaveLength(8);
    expect(result.missingPermissions).toEqual(["Finance > Agreements > Edit", "Procurement > Product Catalog > Edit"]);
  });
});

describe("a real call without the permission names it", () => {
  const newCatalogItem = {
    identifier: "SASE-X",
    description: "SASE X",
    customerDescription: "SASE X",
    productTypeId: 4,
    subcategoryId: 12,
  };
  const cases: Array<[string, PermissionName, (client: ConnectWiseClient) => Promise<unknown>]> = [
    ["no-company-inquire", "Companies > Company Maintenance > Inquire", (client) => client.listCompanies().toArray()],
    [
      "no-agreements-inquire",
      "Finance > Agreements > Inquire",
      (client) => client.listAgreements({ companyId: 250 }).toArray(),
    ],
    [
      "no-agreements-add",
      "Finance > Agreements > Add",
      (client) => client.createAddition(1200, { catalogItemId: 9001, quantity: 1, effectiveDate: "2025-06-01" }),
    ],
    [
      "no-catalog-inquire",
      "Procurement > Product Catalog > Inquire",
      (client) => client.findCatalogItemsByIdentifiers(["M365-BP"]),
    ],
    ["no-catalog-add", "Procurement > Product Catalog > Add", (client) => client.createCatalogItem(newCatalogItem)],
    ["no-table-setup-inquire", "System > Table Setup > Inquire", (client) => client.listUnitsOfMeasure()],
    ["seed-minimum", "Finance > Agreements > Edit", (client) => client.cancelAddition(1200, 30001, "2025-06-30")],
    ["seed-minimum", "Procurement > Product Catalog > Edit", (client) => client.updateCatalogItem(9001, { price: 1 })],
  ];

  it.each(cases)("%s → %s", async (member, permission, run) => {
    const { client } = connectAs(sandbox, { member });
    const error = await run(client).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MissingPermissionError);
    expect((error as MissingPermissionError).permission).toBe(permission);
    expect((error as MissingPermissionError).status).toBe(403);
    expect((error as Error).message).toContain(`missing the permission "${permission}"`);
  });
});
