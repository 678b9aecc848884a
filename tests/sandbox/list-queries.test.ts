// The sandbox's wiring of the query engine (sandbox/query has its own unit tests).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { conditions, createClient } from "./sandbox-client";

let sandbox: Sandbox;
let client: ReturnType<typeof createClient>;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "demo" });
  client = createClient(sandbox, "integration");
});
afterAll(() => sandbox.stop());

describe("list parameters", () => {
  it("filters with conditions on fields and reference sub-fields, quotes and apostrophes included", async () => {
    const byName = await client.get(
      `/company/companies?conditions=${conditions(`name = "The \\"Best\\" Plumbing Co"`)}`,
    );
    expect(byName.body.map((company: { identifier: string }) => company.identifier)).toEqual(["BestPlumbing"]);
    const apostrophe = await client.get(`/company/companies?conditions=${conditions(`name = "O'Brien & Sons Ltd"`)}`);
    expect(apostrophe.body).toHaveLength(1);
    const agreements = await client.get(
      `/finance/agreements?pageSize=1000&conditions=${conditions('company/identifier="WingtipToys" and cancelledFlag=false and agreementStatus="Active"')}`,
    );
    expect(agreements.body).toHaveLength(2);
    const contains = await client.get(
      `/company/companies?pageSize=1000&conditions=${conditions('name contains "toys" and deletedFlag=false')}`,
    );
    expect(contains.body.map((company: { name: string }) => company.name).sort()).toEqual([
      "Tailspin Toys",
      "Wingtip Toys Inc",
    ]);
  });

  it("returns deleted companies unless filtered (documented choice)", async () => {
    const all = await client.get("/company/companies/count");
    const live = await client.get(`/company/companies/count?conditions=${conditions("deletedFlag=false")}`);
    expect(all.body.count - live.body.count).toBe(3);
  });

  it("applies childConditions to company types", async () => {
    const vendors = await client.get(
      `/company/companies?pageSize=1000&childConditions=${conditions('types/name="Vendor"')}`,
    );
    expect(vendors.body.map((company: { name: string }) => company.name).sort()).toEqual([
      "Fortinet Inc",
      "Ingram Micro",
      "Pax8",
      "TD SYNNEX",
    ]);
  });

  it("orders, projects fields and counts with conditions", async () => {
    const ordered = await client.get(
      "/procurement/catalog?orderBy=identifier desc&fields=id,identifier,unitOfMeasure/name&pageSize=3",
    );
    expect(ordered.body).toHaveLength(3);
    expect(Object.keys(ordered.body[0]).sort()).toEqual(["id", "identifier", "unitOfMeasure"]);
    expect(ordered.body[0].unitOfMeasure).toEqual({ name: expect.any(String) });
    const identifiers = ordered.body.map((item: { identifier: string }) => item.identifier);
    expect(identifiers).toEqual([...identifiers].sort().reverse());
    const count = await client.get(`/procurement/catalog/count?conditions=${conditions("inactiveFlag=true")}`);
    expect(count.body).toEqual({ count: 2 });
  });

  it("projects fields on a single record and on a POST response", async () => {
    const one = await client.get("/company/companies/250?fields=id,name");
    expect(one.body).toEqual({ id: 250, name: "Contoso Limited" });
  });

  it("pages with a navigable Link header", async () => {
    const first = await client.get("/company/companies?pageSize=10&page=1");
    expect(first.body).toHaveLength(10);
    expect(first.headers.get("link")).toMatch(/page=2>; rel="next"/);
    const last = await client.get("/company/companies?pageSize=10&page=7");
    expect(last.body).toHaveLength(4);
    expect(last.headers.get("link")).not.toContain('rel="next"');
  });

  it("pages forward-only with pageId", async () => {
    const forward = { "pagination-type": "forward-only" };
    const seen: number[] = [];
    let path: string | undefined = "/company/companies?pageSize=20";
    while (path) {
      const response: { body: Array<{ id: number }>; headers: Headers } = await client.get(path, forward);
      seen.push(...response.body.map((company) => company.id));
      const link: string | null = response.headers.get("link");
      path = link ? link.slice(1, link.indexOf(">")).replace(client.base, "") : undefined;
    }
    expect(seen).toHaveLength(64);
    expect(seen).toEqual([...seen].sort((left, right) => left - right));
    const withOrder = await client.get("/company/companies?orderBy=name", forward);
    expect(withOrder.status).toBe(400);
  });

  it("answers 400 in ConnectWise's shape for a bad condition", async () => {
    const response = await client.get(`/company/companies?conditions=${conditions('nosuchfield = "x"')}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: "InvalidObject",
      errors: [expect.objectContaining({ field: "conditions" })],
    });
  });

  it("reads query parameter names case-insensitively", async () => {
    const response = await client.get("/company/companies?PageSize=2");
    expect(response.body).toHaveLength(2);
  });
});
