import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EDIT_PERMISSIONS, SEED_PERMISSIONS, startSandbox, type Sandbox } from "@/sandbox/index";
import { ACCEPT, createClient, encodeBasic } from "./sandbox-client";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "demo" });
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

async function callWith(headers: Record<string, string>, path = "/system/info") {
  const response = await fetch(`${sandbox.url}/${sandbox.codebase}apis/3.0${path}`, {
    headers: { accept: ACCEPT, ...headers },
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
}

describe("members", () => {
  it("has the seed, integration and one-permission-missing members with ConnectWise-style keys", () => {
    const byName = Object.fromEntries(sandbox.members.map((member) => [member.name, member]));
    expect(new Set(byName["seed-minimum"].permissions)).toEqual(new Set(SEED_PERMISSIONS));
    expect(new Set(byName.integration.permissions)).toEqual(new Set([...SEED_PERMISSIONS, ...EDIT_PERMISSIONS]));
    expect(SEED_PERMISSIONS).toContain("Finance > Agreements > Add");
    const missing: Record<string, string> = {
      "no-company-inquire": "Companies > Company Maintenance > Inquire",
      "no-agreements-inquire": "Finance > Agreements > Inquire",
      "no-agreements-add": "Finance > Agreements > Add",
      "no-catalog-inquire": "Procurement > Product Catalog > Inquire",
      "no-catalog-add": "Procurement > Product Catalog > Add",
      "no-table-setup-inquire": "System > Table Setup > Inquire",
    };
    for (const [name, permission] of Object.entries(missing)) {
      const expected = [...SEED_PERMISSIONS, ...EDIT_PERMISSIONS].filter((granted) => granted !== permission);
      expect(new Set(byName[name].permissions)).toEqual(new Set(expected));
    }
    for (const member of sandbox.members) {
      expect(member.publicKey).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(member.privateKey).toMatch(/^[A-Za-z0-9]{16}$/);
    }
  });

  it("derives the same keys from the same seed", async () => {
    const again = await startSandbox({ scenario: "empty", seed: 1 });
    try {
      expect(again.member("integration")).toEqual(sandbox.member("integration"));
    } finally {
      await again.stop();
    }
  });
});

describe("authentication", () => {
  const good = () => {
    const member = sandbox.member("seed-minimum");
    return {
      authorization: encodeBasic(sandbox.companyId, member.publicKey, member.privateKey),
      clientId: sandbox.clientId,
    };
  };

  it("accepts Basic company+public:private with a clientId, for any member on /system/info", async () => {
    for (const member of sandbox.members) {
      const response = await callWith({
        authorization: encodeBasic("BILLBRIDGE", member.publicKey, member.privateKey),
        clientId: sandbox.clientId,
      });
      expect(response.status).toBe(200);
    }
  });

  it("answers 401 Unauthorized for wrong keys, company, or no Authorization", async () => {
    const member = sandbox.member("integration");
    const cases: Array<Record<string, string>> = [
      { authorization: encodeBasic(sandbox.companyId, member.publicKey, "wrong"), clientId: sandbox.clientId },
      { authorization: encodeBasic("othermsp", member.publicKey, member.privateKey), clientId: sandbox.clientId },
      {
        authorization: `Basic ${Buffer.from(`${member.publicKey}:${member.privateKey}`).toString("base64")}`,
        clientId: sandbox.clientId,
      },
      { clientId: sandbox.clientId },
    ];
    for (const headers of cases) {
      const response = await callWith(headers);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: "Unauthorized", message: expect.any(String) });
    }
  });

  it("requires the clientId header and refuses an unknown one", async () => {
    const { authorization } = good();
    const missing = await callWith({ authorization });
    expect(missing.status).toBe(401);
    expect(missing.body.message).toMatch(/clientId/);
    const unknown = await callWith({ authorization, clientId: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.status).toBe(401);
    expect((await callWith({ authorization, clientid: sandbox.clientId.toUpperCase() })).status).toBe(200);
  });

  it("can emulate the cloud's 404 on bad credentials", async () => {
    sandbox.configure({ emulateCloud404OnBadAuth: true });
    const response = await callWith({ clientId: sandbox.clientId });
    expect(response.status).toBe(404);
    expect((await callWith(good())).status).toBe(200);
  });
});

describe("security roles", () => {
  const probes: Array<{ path: string; module: string }> = [
    { path: "/company/companies", module: "Companies > Company Maintenance" },
    { path: "/company/companies/statuses", module: "Companies > Company Maintenance" },
    { path: "/company/companies/types", module: "Companies > Company Maintenance" },
    { path: "/finance/agreements", module: "Finance > Agreements" },
    { path: "/finance/agreements/types", module: "Finance > Agreements" },
    { path: "/finance/billingCycles", module: "Finance > Agreements" },
    { path: "/procurement/catalog", module: "Procurement > Product Catalog" },
    { path: "/procurement/categories", module: "System > Table Setup" },
    { path: "/procurement/subcategories", module: "System > Table Setup" },
    { path: "/procurement/types", module: "System > Table Setup" },
    { path: "/procurement/unitOfMeasures", module: "System > Table Setup" },
    { path: "/procurement/manufacturers", module: "System > Table Setup" },
  ];

  it("enforces Inquire on every GET per module, with a 403 body", async () => {
    for (const member of sandbox.members) {
      const client = createClient(sandbox, member.name);
      for (const probe of probes) {
        const allowed = member.permissions.includes(`${probe.module} > Inquire`);
        for (const path of [probe.path, `${probe.path}/count`]) {
          const response = await client.get(path);
          expect({ member: member.name, path, status: response.status }).toEqual({
            member: member.name,
            path,
            status: allowed ? 200 : 403,
          });
          if (!allowed)
            expect(response.body).toMatchObject({ code: "Forbidden", message: expect.any(String), errors: null });
        }
      }
    }
  });

  it("enforces Add on POST before validating the body", async () => {
    const refused = await createClient(sandbox, "no-agreements-add").post("/finance/agreements/1200/additions", {});
    expect(refused.status).toBe(403);
    const validated = await createClient(sandbox, "integration").post("/finance/agreements/1200/additions", {});
    expect(validated.status).toBe(400);
    expect((await createClient(sandbox, "no-catalog-add").post("/procurement/catalog", {})).status).toBe(403);
    expect((await createClient(sandbox, "integration").post("/company/companies", {})).status).toBe(403);
  });

  it("enforces Edit on PUT and PATCH and Delete on DELETE", async () => {
    const agreementWithAddition = sandbox.state
      .agreements()
      .find((agreement) => sandbox.state.additions(agreement.id).length > 0)!;
    const addition = sandbox.state.additions(agreementWithAddition.id)[0];
    const path = `/finance/agreements/${agreementWithAddition.id}/additions/${addition.id}`;
    const patch = [{ op: "replace", path: "quantity", value: 3 }];
    expect((await createClient(sandbox, "seed-minimum").patch(path, patch)).status).toBe(403);
    expect(
      (await createClient(sandbox, "seed-minimum").put(path, { product: { id: 9001 }, billCustomer: "Billable" }))
        .status,
    ).toBe(403);
    expect((await createClient(sandbox, "integration").patch(path, patch)).status).toBe(200);
    expect((await createClient(sandbox, "integration").delete(path)).status).toBe(403);
    expect((await createClient(sandbox, "admin").delete(path)).status).toBe(204);
  });
});
