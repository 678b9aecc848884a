import { request as httpRequest } from "node:http";
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

const additionBody = { product: { id: 9001 }, billCustomer: "Billable", quantity: 2 };

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
}

describe("request log and counters", () => {
  it("records method, path, template, status and member; counts by METHOD template status", async () => {
    await client.get("/company/companies?pageSize=1");
    await client.get("/finance/agreements/1200/additions");
    await client.get("/finance/agreements/999999");
    await fetch(`${sandbox.url}/login/companyinfo/billbridge`);
    const log = sandbox.requests();
    expect(log.map((entry) => [entry.method, entry.pathTemplate, entry.status, entry.member])).toEqual([
      ["GET", "/company/companies", 200, "integration"],
      ["GET", "/finance/agreements/{parentId}/additions", 200, "integration"],
      ["GET", "/finance/agreements/{id}", 404, "integration"],
      ["GET", "/login/companyinfo/{company}", 200, null],
    ]);
    expect(log[0]).toMatchObject({
      path: "/v2025_8/apis/3.0/company/companies",
      query: "?pageSize=1",
      durationMs: expect.any(Number),
      at: expect.any(String),
    });
    expect(sandbox.counters()).toEqual({
      "GET /company/companies 200": 1,
      "GET /finance/agreements/{parentId}/additions 200": 1,
      "GET /finance/agreements/{id} 404": 1,
      "GET /login/companyinfo/{company} 200": 1,
    });
    sandbox.clearLog();
    expect(sandbox.requests()).toEqual([]);
    expect(sandbox.counters()).toEqual({});
  });
});

describe("reset", () => {
  it("restores the scenario's initial state and default settings", async () => {
    const before = sandbox.state.additions(1200);
    await client.post("/finance/agreements/1200/additions", additionBody);
    sandbox.configure({ latencyMs: 5 });
    sandbox.reset();
    expect(sandbox.state.additions(1200)).toEqual(before);
    expect(sandbox.settings().latencyMs).toBe(0);
    expect(sandbox.requests()).toEqual([]);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After and the documented body per member", async () => {
    sandbox.configure({ rateLimitPerMinute: 3 });
    for (let index = 0; index < 3; index++) expect((await client.get("/system/info")).status).toBe(200);
    const throttled = await client.get("/system/info");
    expect(throttled.status).toBe(429);
    const seconds = Number(throttled.headers.get("retry-after"));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(throttled.body).toEqual({
      error: "ConnectWiseAPI",
      message: `Too many requests. Please try again in ${seconds} seconds.`,
    });
    expect((await createClient(sandbox, "admin").get("/system/info")).status).toBe(200);
  });
});

describe("latency", () => {
  it("delays responses by at least the configured time", async () => {
    sandbox.configure({ latencyMs: 60, latencyJitterMs: 10 });
    await client.get("/system/info");
    expect(sandbox.requests()[0].durationMs).toBeGreaterThanOrEqual(59);
  });
});

describe("fault injection", () => {
  it("fails the next N matching requests with a 500 without touching state", async () => {
    sandbox.failNext(2, "500", { method: "POST", pathIncludes: "/additions" });
    const count = sandbox.state.additions(1200).length;
    expect((await client.get("/finance/agreements/1200/additions")).status).toBe(200);
    const first = await client.post("/finance/agreements/1200/additions", additionBody);
    expect(first.status).toBe(500);
    expect(first.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect((await client.post("/finance/agreements/1200/additions", additionBody)).status).toBe(500);
    expect(sandbox.state.additions(1200)).toHaveLength(count);
    expect((await client.post("/finance/agreements/1200/additions", additionBody)).status).toBe(201);
    expect(sandbox.requests().filter((entry) => entry.fault === "500")).toHaveLength(2);
  });

  it("drops the connection without a response", async () => {
    sandbox.failNext(1, "drop");
    await expect(client.get("/system/info")).rejects.toThrow();
    expect(sandbox.requests()[0]).toMatchObject({ status: 0, fault: "drop" });
    expect(sandbox.counters()).toEqual({ "GET /system/info 0": 1 });
  });

  it("ghost writes: applies the write, then answers 500 or drops", async () => {
    const count = sandbox.state.additions(1200).length;
    sandbox.failNext(1, "ghost-500");
    expect((await client.post("/finance/agreements/1200/additions", additionBody)).status).toBe(500);
    sandbox.failNext(1, "ghost-drop");
    await expect(client.post("/finance/agreements/1200/additions", additionBody)).rejects.toThrow();
    expect(sandbox.state.additions(1200)).toHaveLength(count + 2);
  });

  it("answers 429 on demand with a one-second Retry-After", async () => {
    sandbox.failNext(1, "429");
    const response = await client.get("/system/info");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
  });

  it("injects random faults by probability, limited to path filters", async () => {
    sandbox.configure({ faults: { error500: 1, drop: 0, ghostWrite: 0, paths: ["/procurement/"] } });
    expect((await client.get("/system/info")).status).toBe(200);
    expect((await client.get("/procurement/catalog")).status).toBe(500);
    sandbox.configure({ faults: { error500: 0, drop: 0, ghostWrite: 1, paths: [] } });
    const count = sandbox.state.additions(1200).length;
    const outcome = await client.post("/finance/agreements/1200/additions", additionBody).then(
      (response) => response.status,
      () => 0,
    );
    expect([0, 500]).toContain(outcome);
    expect(sandbox.state.additions(1200)).toHaveLength(count + 1);
    expect((await client.get("/finance/agreements/1200/additions")).status).toBe(200);
  });

  it("refuses invalid settings", () => {
    expect(() => sandbox.configure({ faults: { error500: 2, drop: 0, ghostWrite: 0 } })).toThrow();
    expect(() => sandbox.failNext(0, "500")).toThrow();
  });
});

describe("state helpers", () => {
  it("inspect and edit state by hand, through the same rules as the API", async () => {
    const agreement = sandbox.state.agreements(250)[0];
    const added = sandbox.state.addAddition(agreement.id, { product: { identifier: "M365-BP" }, quantity: 4 });
    const duplicate = sandbox.state.addAddition(agreement.id, { product: { identifier: "M365-BP" }, quantity: 4 });
    expect(duplicate.id).not.toBe(added.id);
    const edited = sandbox.state.setAdditionQuantity(agreement.id, added.id, 9);
    expect(edited).toMatchObject({
      quantity: 9,
      extPrice: 237.6,
      _info: expect.objectContaining({ updatedBy: "jsmith" }),
    });
    const overApi = await client.get(`/finance/agreements/${agreement.id}/additions/${added.id}`);
    expect(overApi.body.quantity).toBe(9);
    expect(() => sandbox.state.addAddition(agreement.id, { product: { identifier: "ONBOARDING-BUNDLE" } })).toThrow(
      /Bundle/,
    );
    sandbox.state.deleteAgreement(agreement.id);
    expect((await client.get(`/finance/agreements/${agreement.id}`)).status).toBe(404);
    expect(sandbox.state.catalogItems().length).toBeGreaterThan(20);
    expect(sandbox.state.records("unitOfMeasures").map((unit) => unit.name)).toContain("Each");
  });
});

describe("operator endpoints over HTTP", () => {
  it("offer the same controls", async () => {
    expect((await admin("GET", "")).body).toMatchObject({
      url: sandbox.url,
      companyId: "billbridge",
      members: expect.any(Array),
      settings: expect.any(Object),
    });
    expect((await admin("PATCH", "/settings", { rateLimitPerMinute: 1 })).body.rateLimitPerMinute).toBe(1);
    await client.get("/system/info");
    expect((await client.get("/system/info")).status).toBe(429);
    expect((await admin("GET", "/counters")).body).toEqual({ "GET /system/info 200": 1, "GET /system/info 429": 1 });
    expect((await admin("GET", "/requests")).body).toHaveLength(2);
    expect((await admin("POST", "/reset")).status).toBe(204);
    expect((await admin("GET", "/settings")).body.rateLimitPerMinute).toBeNull();
    expect(
      (await admin("POST", "/fail-next", { count: 1, kind: "500", filter: { pathIncludes: "/system/" } })).status,
    ).toBe(204);
    expect((await client.get("/system/info")).status).toBe(500);

    const agreement = (await admin("GET", "/state/agreements?companyId=250")).body[0];
    const added = await admin("POST", `/state/agreements/${agreement.id}/additions`, {
      product: { id: 9001 },
      quantity: 2,
    });
    expect(added.status).toBe(201);
    const edited = await admin("PATCH", `/state/agreements/${agreement.id}/additions/${added.body.id}`, {
      quantity: 5,
    });
    expect(edited.body.quantity).toBe(5);
    expect(
      (await admin("GET", `/state/agreements/${agreement.id}/additions`)).body.map(
        (addition: { id: number }) => addition.id,
      ),
    ).toContain(added.body.id);
    expect(
      (await admin("PATCH", `/state/agreements/${agreement.id}/additions/${added.body.id}`, { quantity: "many" }))
        .status,
    ).toBe(400);
    expect((await admin("DELETE", `/state/agreements/${agreement.id}`)).status).toBe(204);
    expect((await admin("GET", `/state/agreements/${agreement.id}`)).status).toBe(404);
    expect((await admin("GET", "/state/catalog")).body.length).toBeGreaterThan(20);
    expect((await admin("GET", "/state/companies")).body.length).toBe(64);
    expect((await admin("GET", "/state/manufacturers")).status).toBe(200);
  });

  it("refuse a request whose Host is not loopback", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(sandbox.url);
      const outgoing = httpRequest(
        { host: url.hostname, port: url.port, path: "/__sandbox/requests", headers: { host: "sandbox.example.com" } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      outgoing.on("error", reject);
      outgoing.end();
    });
    expect(status).toBe(403);
  });
});

describe("revoked keys", () => {
  it("answers 401 to a member whose keys were revoked, until they are restored or the sandbox is reset", async () => {
    expect((await client.get("/company/companies?pageSize=1")).status).toBe(200);
    expect(await admin("POST", "/members/integration/revoke")).toEqual({ status: 204, body: undefined });
    expect((await client.get("/company/companies?pageSize=1")).status).toBe(401);
    expect((await createClient(sandbox, "admin").get("/company/companies?pageSize=1")).status).toBe(200);
    expect((await admin("POST", "/members/integration/restore")).status).toBe(204);
    expect((await client.get("/company/companies?pageSize=1")).status).toBe(200);
    sandbox.revokeMemberKeys("integration");
    expect((await client.get("/company/companies?pageSize=1")).status).toBe(401);
    sandbox.reset();
    expect((await client.get("/company/companies?pageSize=1")).status).toBe(200);
    expect((await admin("POST", "/members/nobody/revoke")).status).toBe(400);
  });
});
