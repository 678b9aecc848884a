import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOrganizations } from "@/db/seed/demo-organizations";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { DEMO_COUNTERPARTS } from "@/sandbox/scenarios/demo";
import { stripAccents } from "@/sandbox/scenarios/clients";
import { createClient } from "./sandbox-client";

let demo: Sandbox;
beforeAll(async () => {
  demo = await startSandbox({ scenario: "demo", seed: 3 });
});
afterAll(() => demo.stop());

function normalize(name: string): string {
  return stripAccents(name)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

describe("demo scenario", () => {
  it("has a counterpart for most demo organizations: a few exact, most realistically different, some none", () => {
    const companies = demo.state.companies();
    const names = new Set(companies.map((company) => company.name as string));
    const counterpartNames = new Set(DEMO_COUNTERPARTS.flatMap((counterpart) => counterpart.counterpartOf ?? []));
    const exact = demoOrganizations.filter((organization) => names.has(organization.name));
    const withCounterpart = demoOrganizations.filter((organization) => counterpartNames.has(organization.name));
    const without = demoOrganizations.filter((organization) => !counterpartNames.has(organization.name));
    expect(exact.length).toBeGreaterThanOrEqual(3);
    expect(exact.length).toBeLessThanOrEqual(6);
    expect(withCounterpart.length).toBeGreaterThan(demoOrganizations.length * 0.8);
    expect(without.map((organization) => organization.name).sort()).toEqual([
      "Consolidated Messenger",
      "Relecloud",
      "Trey Research",
    ]);
    for (const counterpart of DEMO_COUNTERPARTS) {
      expect(names.has(counterpart.name)).toBe(true);
      for (const organization of counterpart.counterpartOf ?? [])
        expect(demoOrganizations.map((candidate) => candidate.name)).toContain(organization);
    }
    expect(names).toContain("Northwind Traders");
    expect(names).toContain("Muller Backerei GmbH");
    expect(names).toContain("Contoso Limited");
    const unrelated = companies.filter(
      (company) => !DEMO_COUNTERPARTS.some((counterpart) => counterpart.name === company.name),
    );
    expect(unrelated.length).toBeGreaterThanOrEqual(20);
  });

  it("truncates the 120-character organization name to ConnectWise's 50", () => {
    const long = demoOrganizations.find((organization) => organization.name.length > 100)!;
    const company = demo.state
      .companies()
      .find(
        (candidate) =>
          normalize(long.name).startsWith(normalize(candidate.name as string)) &&
          (candidate.name as string).length > 30,
      );
    expect(company).toBeDefined();
    expect((company!.name as string).length).toBeLessThanOrEqual(50);
  });

  it("keeps ConnectWise's limits: names ≤ 50, identifiers ≤ 30 and unique", () => {
    const companies = demo.state.companies();
    const identifiers = companies.map((company) => (company.identifier as string).toLowerCase());
    expect(new Set(identifiers).size).toBe(identifiers.length);
    for (const company of companies) {
      expect((company.name as string).length).toBeLessThanOrEqual(50);
      expect((company.identifier as string).length).toBeLessThanOrEqual(30);
    }
    expect(companies.find((company) => company.name === "Contoso Limited")!.identifier).toBe("ContosoLtd");
  });

  it("has awkward names, deleted and inactive companies", () => {
    const companies = demo.state.companies();
    const names = companies.map((company) => company.name as string);
    expect(names.some((name) => name.includes('"'))).toBe(true);
    expect(names.some((name) => name.includes("'"))).toBe(true);
    expect(names.some((name) => name.includes("&"))).toBe(true);
    expect(names.some((name) => /[éøó]/.test(name))).toBe(true);
    expect(companies.filter((company) => company.deletedFlag === true).length).toBeGreaterThanOrEqual(2);
    expect(companies.some((company) => (company.status as { name: string }).name === "Inactive")).toBe(true);
  });

  it("gives each company 1–3 agreements, most exactly one active, of several types", () => {
    const clients = demo.state.companies();
    let exactlyOneActive = 0;
    for (const company of clients) {
      const agreements = demo.state.agreements(company.id);
      expect(agreements.length).toBeGreaterThanOrEqual(1);
      expect(agreements.length).toBeLessThanOrEqual(3);
      if (agreements.filter((agreement) => agreement.agreementStatus === "Active").length === 1) exactlyOneActive++;
    }
    expect(exactlyOneActive).toBeGreaterThan(clients.length * 0.6);
    const agreements = demo.state.agreements();
    const statuses = new Set(agreements.map((agreement) => agreement.agreementStatus));
    expect(statuses).toEqual(new Set(["Active", "Cancelled", "Expired", "Inactive"]));
    expect(
      new Set(agreements.map((agreement) => (agreement.type as { name: string }).name)).size,
    ).toBeGreaterThanOrEqual(4);
  });

  it("has hand-entered additions of the MSP's own products, some with billing history", () => {
    const additions = demo.state.agreements().flatMap((agreement) => demo.state.additions(agreement.id));
    expect(additions.length).toBeGreaterThan(30);
    expect(new Set(additions.map((addition) => (addition._info as { enteredBy: string }).enteredBy))).not.toContain(
      "integration",
    );
    expect(additions.some((addition) => addition.cancelledDate !== undefined)).toBe(true);
    for (const addition of additions)
      expect(addition.extPrice).toBe(
        Math.round((addition.quantity as number) * (addition.unitPrice as number) * 100) / 100,
      );
  });

  it("has a catalog with categories, subcategories, types, units, manufacturers, billing cycles and bundle items", async () => {
    const client = createClient(demo, "admin");
    for (const path of [
      "/procurement/categories",
      "/procurement/subcategories",
      "/procurement/types",
      "/procurement/unitOfMeasures",
      "/procurement/manufacturers",
      "/finance/billingCycles",
      "/finance/agreements/types",
      "/company/companies/statuses",
      "/company/companies/types",
    ]) {
      expect((await client.get(`${path}/count`)).body.count).toBeGreaterThanOrEqual(3);
    }
    expect(demo.state.catalogItems().filter((item) => item.productClass === "Bundle").length).toBeGreaterThanOrEqual(1);
  });

  it("is deterministic for a seed and differs between seeds", async () => {
    const same = await startSandbox({ scenario: "demo", seed: 3 });
    const other = await startSandbox({ scenario: "demo", seed: 4 });
    try {
      const strip = (sandbox: Sandbox) =>
        sandbox.state
          .agreements()
          .map((agreement) => [
            agreement.id,
            agreement.name,
            agreement.agreementStatus,
            sandbox.state.additions(agreement.id).map((addition) => addition.quantity),
          ]);
      expect(strip(same)).toEqual(strip(demo));
      expect(strip(other)).not.toEqual(strip(demo));
    } finally {
      await same.stop();
      await other.stop();
    }
  });
});

describe("large and empty scenarios", () => {
  it("generates the requested counts with unique identifiers", async () => {
    const large = await startSandbox({ scenario: "large", companies: 500, agreements: 900, seed: 9 });
    try {
      const client = createClient(large, "integration");
      expect((await client.get("/company/companies/count")).body.count).toBe(500);
      expect((await client.get("/finance/agreements/count")).body.count).toBe(900);
      const identifiers = large.state.companies().map((company) => (company.identifier as string).toLowerCase());
      expect(new Set(identifiers).size).toBe(500);
      expect(large.state.companies().every((company) => large.state.agreements(company.id).length >= 1)).toBe(true);
    } finally {
      await large.stop();
    }
  });

  it("empty has setup tables but no companies, agreements or catalog items", async () => {
    const empty = await startSandbox({ scenario: "empty" });
    try {
      const client = createClient(empty, "integration");
      expect((await client.get("/company/companies/count")).body.count).toBe(0);
      expect((await client.get("/finance/agreements/count")).body.count).toBe(0);
      expect((await client.get("/procurement/catalog/count")).body.count).toBe(0);
      expect((await client.get("/procurement/unitOfMeasures/count")).body.count).toBeGreaterThan(0);
    } finally {
      await empty.stop();
    }
  });
});
