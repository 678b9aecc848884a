/** Each typed error of the client, provoked against the in-process sandbox over real HTTP. */
import { createServer } from "node:http";
import { inspect } from "node:util";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BadCredentialsError,
  checkConnectWiseConnection,
  ConnectWiseConfigurationError,
  createConnectWiseClient,
  discoverCompany,
  RateLimitedError,
  ServerError,
  SiteNotAllowedError,
  SiteUnreachableError,
  UnknownCompanyError,
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

async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("site, company and keys", () => {
  it("a closed port is an unreachable site", async () => {
    const port = await findClosedPort();
    const error = await discoverCompany(`http://127.0.0.1:${port}`, "billbridge").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SiteUnreachableError);
    expect((error as SiteUnreachableError).reason).toBe("refused");
    expect((error as Error).message).toMatch(/Nothing accepted the connection at 127\.0\.0\.1:\d+/);
  });

  it("a server that is not ConnectWise is reported as such", async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<html>Welcome to nginx</html>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const error = await discoverCompany(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        "billbridge",
      ).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SiteUnreachableError);
      expect((error as SiteUnreachableError).reason).toBe("not-connectwise");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("refuses the sandbox's loopback address when private hosts are not allowed, without connecting", async () => {
    const error = await discoverCompany(sandbox.site, sandbox.companyId, { allowPrivateHosts: false }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SiteNotAllowedError);
    expect((error as Error).message).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(sandbox.requests()).toEqual([]);
  });

  it("an unknown company ID", async () => {
    const error = await discoverCompany(sandbox.site, "acme-msp").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnknownCompanyError);
    expect((error as UnknownCompanyError).companyId).toBe("acme-msp");
    expect((error as Error).message).toContain(`does not know the company ID "acme-msp"`);
  });

  it("a wrong private key is bad credentials, and the key never appears in the error", async () => {
    const member = sandbox.member("integration");
    const wrongKey = "WrongPrivateKey1";
    const { client } = connectAs(sandbox, { privateKey: wrongKey });
    const error = await client.getSystemInfo().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadCredentialsError);
    expect((error as BadCredentialsError).status).toBe(401);
    const serialized = JSON.stringify(error) + String((error as Error).stack) + (error as Error).message;
    expect(serialized).not.toContain(wrongKey);
    expect(serialized).not.toContain(member.privateKey);
  });

  it("cloud-style 404 on bad keys is still bad credentials", async () => {
    sandbox.configure({ emulateCloud404OnBadAuth: true });
    const { client } = connectAs(sandbox, { publicKey: "NoSuchPublicKey1" });
    await expect(client.getSystemInfo()).rejects.toBeInstanceOf(BadCredentialsError);
  });

  it("a clientId ConnectWise does not know is the operator's configuration", async () => {
    const { client } = connectAs(sandbox, { clientId: "00000000-0000-4000-8000-000000000000" });
    const error = await client.getSystemInfo().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectWiseConfigurationError);
    expect((error as Error).message).toMatch(/CW_CLIENT_ID/);
  });

  it("the connection check stops at the first failing step with its typed error", async () => {
    const member = sandbox.member("integration");
    const config = {
      site: sandbox.site,
      companyId: sandbox.companyId,
      publicKey: member.publicKey,
      privateKey: member.privateKey,
      clientId: sandbox.clientId,
    };
    await expect(checkConnectWiseConnection({ ...config, companyId: "nobody" })).rejects.toBeInstanceOf(
      UnknownCompanyError,
    );
    await expect(checkConnectWiseConnection({ ...config, privateKey: "nope" })).rejects.toBeInstanceOf(
      BadCredentialsError,
    );
  });
});

describe("rate limits", () => {
  it("waits Retry-After (scaled) after a 429 and then succeeds", async () => {
    sandbox.failNext(1, "429", { method: "GET", pathIncludes: "/company/companies" });
    const { client, sleeps, records } = connectAs(sandbox, { retryPolicy: { retryAfterScale: 0.01 } });
    const companies = await client.searchCompanies("contoso");
    expect(companies).toHaveLength(1);
    expect(sleeps).toEqual([10]);
    expect(records.filter((record) => record.path === "/company/companies").map((record) => record.status)).toEqual([
      429, 200,
    ]);
  });

  it("repeats a write that got 429, since ConnectWise applied nothing", async () => {
    sandbox.failNext(1, "429", { method: "POST" });
    const { client } = connectAs(sandbox, { retryPolicy: { retryAfterScale: 0.01 } });
    const created = await client.createAddition(1200, {
      catalogItemId: 9001,
      quantity: 3,
      effectiveDate: "2025-06-01",
    });
    expect(listWrites(sandbox).map((entry) => entry.status)).toEqual([429, 201]);
    expect(sandbox.state.additions(1200).filter((addition) => addition.id === created.id)).toHaveLength(1);
  });

  it("gives up with RateLimitedError when the wait is longer than allowed", async () => {
    sandbox.configure({ rateLimitPerMinute: 2 });
    const { client, sleeps } = connectAs(sandbox, {
      apiBaseUrl: `${sandbox.site}/v2025_8/apis/3.0`,
      retryPolicy: { maxRateLimitWaitMs: 5_000 },
    });
    await client.getSystemInfo();
    await client.getSystemInfo();
    const error = await client.getSystemInfo().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThan(5);
    expect((error as Error).message).toMatch(/throttling/);
    expect(sleeps).toEqual([]);
  });
});

describe("server errors and dropped connections", () => {
  it("retries a GET after 500s and drops, then succeeds", async () => {
    sandbox.failNext(1, "500", { method: "GET", pathIncludes: "/finance/agreements" });
    sandbox.failNext(1, "drop", { method: "GET", pathIncludes: "/finance/agreements" });
    const { client, sleeps } = connectAs(sandbox);
    const additions = await client.listAdditions(1200);
    expect(additions.length).toBeGreaterThan(0);
    const calls = sandbox.requests().filter((entry) => entry.pathTemplate.startsWith("/finance/agreements"));
    expect(calls.map((entry) => entry.status)).toEqual([500, 0, 200]);
    expect(sleeps).toHaveLength(2);
  });

  it("gives up on a GET that keeps failing with a ServerError", async () => {
    sandbox.failNext(10, "500", { method: "GET", pathIncludes: "/system/info" });
    const { client } = connectAs(sandbox, { retryPolicy: { maxAttempts: 3 } });
    const error = await client.getSystemInfo().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).outcomeUnknown).toBe(false);
    expect(sandbox.requests().filter((entry) => entry.pathTemplate === "/system/info")).toHaveLength(3);
  });

  it.each([
    ["500", ServerError],
    ["ghost-500", ServerError],
    ["drop", SiteUnreachableError],
    ["ghost-drop", SiteUnreachableError],
  ] as const)(
    "a create answered with %s is reported as outcome unknown and never re-sent",
    async (kind, errorClass) => {
      const before = sandbox.state.additions(1200).length;
      sandbox.failNext(1, kind, { method: "POST" });
      const { client } = connectAs(sandbox);
      const error = await client
        .createAddition(1200, { catalogItemId: 9001, quantity: 5, effectiveDate: "2025-06-01" })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(errorClass);
      expect((error as ServerError).outcomeUnknown).toBe(true);
      expect((error as Error).message).toMatch(/may or may not have been applied/);
      expect(listWrites(sandbox)).toHaveLength(1);
      const member = sandbox.member("integration");
      const everything = inspect(error, { depth: 20, showHidden: true }) + JSON.stringify(error);
      expect(everything).not.toContain(member.privateKey);
      expect(everything).not.toContain(
        Buffer.from(`${sandbox.companyId}+${member.publicKey}:${member.privateKey}`).toString("base64"),
      );
      const applied = kind.startsWith("ghost") ? 1 : 0;
      expect(sandbox.state.additions(1200).length).toBe(before + applied);
    },
  );

  it("a patch answered with 500 is not re-sent either", async () => {
    const [addition] = sandbox.state.additions(1200);
    sandbox.failNext(1, "ghost-500", { method: "PATCH" });
    const { client } = connectAs(sandbox);
    const error = await client.updateAddition(1200, addition.id, { quantity: 99 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).outcomeUnknown).toBe(true);
    expect(listWrites(sandbox)).toHaveLength(1);
    expect(sandbox.state.addition(1200, addition.id)?.quantity).toBe(99);
  });

  it("a write to a closed port is unreachable with a known outcome", async () => {
    const port = await findClosedPort();
    const member = sandbox.member("integration");
    const client = createConnectWiseClient({
      site: `http://127.0.0.1:${port}`,
      companyId: sandbox.companyId,
      publicKey: member.publicKey,
      privateKey: member.privateKey,
      apiBaseUrl: `http://127.0.0.1:${port}/v2025_8/apis/3.0`,
    });
    const error = await client
      .createAddition(1200, { catalogItemId: 9001, quantity: 1, effectiveDate: "2025-06-01" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SiteUnreachableError);
    expect((error as SiteUnreachableError).outcomeUnknown).toBe(false);
  });
});
