import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { ACCEPT, createClient } from "./sandbox-client";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario: "demo", seed: 7 });
});
afterAll(() => sandbox.stop());

describe("discovery", () => {
  it("answers companyinfo for the login company, case-insensitively", async () => {
    const response = await fetch(`${sandbox.url}/login/companyinfo/BillBridge`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      CompanyName: expect.any(String),
      Codebase: "v2025_8/",
      VersionCode: "v2025.8",
      VersionNumber: expect.stringMatching(/^v4\.6\./),
      CompanyID: "billbridge",
      IsCloud: "True",
    });
  });

  it("answers a JSON null for an unknown company", async () => {
    const response = await fetch(`${sandbox.url}/login/companyinfo/nobody`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("null");
  });

  it("serves the API under the codebase and under v4_6_release", async () => {
    for (const prefix of ["v2025_8/", "v4_6_release/"]) {
      const response = await createClient(sandbox, "integration", { prefix }).get("/system/info");
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ isCloud: true, version: expect.any(String) });
    }
  });

  it("refuses other codebases with 404", async () => {
    const response = await createClient(sandbox, "integration", { prefix: "v2019_3/" }).get("/system/info");
    expect(response.status).toBe(404);
  });

  it("sends the documented response headers", async () => {
    const response = await createClient(sandbox).get("/company/companies?pageSize=5");
    expect(response.headers.get("api-current-version")).toBe("2025.8");
    expect(response.headers.get("x-cw-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("x-server-name")).toBe("cw-sandbox-api-01");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("link")).toContain('rel="next"');
  });

  it("accepts the versioned Accept header, plain application/json and none", async () => {
    const client = createClient(sandbox);
    for (const accept of [ACCEPT, `${ACCEPT}, application/json`, "application/json", "*/*"]) {
      expect((await client.get("/system/info", { accept })).status).toBe(200);
    }
    const malformed = await client.get("/system/info", {
      accept: "application/vnd.connectwise.com+json; version=latest",
    });
    expect(malformed.status).toBe(400);
  });

  it("answers 404 in ConnectWise's shape for an unknown route, and for a non-numeric id", async () => {
    const client = createClient(sandbox);
    for (const path of ["/company/nothing", "/company/companies/abc", "/service/tickets"]) {
      const response = await client.get(path);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: "NotFound", message: expect.any(String) });
    }
  });

  it("answers 405 with Allow for a wrong method on a known URL", async () => {
    const client = createClient(sandbox);
    const onCollection = await client.call("DELETE", "/company/companies");
    expect(onCollection.status).toBe(405);
    expect(onCollection.headers.get("allow")).toBe("GET, POST");
    expect(onCollection.body).toMatchObject({ code: "MethodNotAllowed" });
    expect((await client.call("POST", "/company/companies/count")).status).toBe(405);
    expect((await client.call("POST", "/system/info")).status).toBe(405);
  });

  it("refuses bundles with 501 in ConnectWise's error shape", async () => {
    const response = await createClient(sandbox).post("/system/bundles", { requests: [] });
    expect(response.status).toBe(501);
    expect(response.body).toMatchObject({ code: "NotImplemented", message: expect.any(String), errors: null });
  });

  it("matches paths case-insensitively and with a trailing slash", async () => {
    const client = createClient(sandbox);
    expect((await client.get("/Company/Companies/count")).body).toEqual(
      (await client.get("/company/companies/count/")).body,
    );
  });
});
