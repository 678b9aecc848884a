import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvents, psaConnections } from "@/db/schema";
import { findConnection } from "@/db/queries/connections";
import {
  applyConnectWiseAction,
  checkConnectWiseAction,
  configuredMessage,
  connectedMessage,
  disconnectConnectWiseAction,
  recheckConnectWiseAction,
  type ConnectionCheckResult,
} from "@/lib/actions/connectwise";
import { getConnectionView } from "@/lib/read-models/connection";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";
import { useSandboxTransport } from "../harness/sandbox-transport";

const seedPermissions = [
  "Companies > Company Maintenance > Inquire",
  "Finance > Agreements > Inquire",
  "Finance > Agreements > Add",
  "Procurement > Product Catalog > Inquire",
  "Procurement > Product Catalog > Add",
  "System > Table Setup > Inquire",
];

describe("connecting ConnectWise (Settings › Integrations)", () => {
  let sandbox: Sandbox;
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  let other: TestWorkspace;

  const fieldsFor = (memberName = "integration", overrides: Record<string, string> = {}) => {
    const member = sandbox.member(memberName);
    return {
      site: sandbox.site,
      companyId: sandbox.companyId,
      publicKey: member.publicKey,
      privateKey: member.privateKey,
      ...overrides,
    };
  };

  async function connect(memberName = "integration") {
    const fields = fieldsFor(memberName);
    const check = await checkConnectWiseAction.execute(workspace.as("admin"), fields);
    if (!check.ok) throw new Error(check.error);
    return { fields, check: check.data };
  }

  beforeAll(async () => {
    useSandboxTransport();
    sandbox = await startSandbox({ scenario: "demo", seed: 7 });
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Msp");
    other = await createTestWorkspace(db, "Other");
  });
  beforeEach(() => {
    process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
    sandbox.reset();
  });
  afterAll(async () => {
    setConnectWiseTransportOverrides({});
    await sandbox?.stop();
  });

  it("connects with good keys, lists every permission as granted, and applies", async () => {
    const { fields, check } = await connect();
    expect(check.message).toBe(connectedMessage);
    expect(check.checkId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(check.missingRequired).toEqual([]);
    expect(check.missingEdit).toEqual([]);
    expect(check.permissions.map((line) => line.permission)).toEqual(expect.arrayContaining(seedPermissions));
    expect(check.permissions.every((line) => line.granted === true)).toBe(true);

    const applied = await applyConnectWiseAction.execute(workspace.as("owner"), { ...fields, checkId: check.checkId });
    expect(applied).toEqual({ ok: true, data: { message: configuredMessage } });
    const row = await findConnection(db, { workspaceId: workspace.id });
    expect(row).toMatchObject({ status: "connected", companyId: sandbox.companyId, publicKey: fields.publicKey });
    expect(row!.apiBaseUrl).toContain("/apis/3.0");

    // The private key is stored only encrypted, and no response ever carries it.
    expect(row!.privateKeyCiphertext).toBeTruthy();
    expect(row!.privateKeyCiphertext).not.toContain(fields.privateKey);
    expect(Buffer.from(row!.privateKeyCiphertext!, "base64").toString("latin1")).not.toContain(fields.privateKey);
    expect(row!.privateKeyKeyVersion).toBe(1);
    const view = await getConnectionView(await workspace.as("viewer"));
    for (const response of [check, applied, view]) expect(JSON.stringify(response)).not.toContain(fields.privateKey);
    expect(view.publicKey).toBeNull(); // viewers don't get even the public key
    expect(view.hasPrivateKey).toBe(true);

    const audit = await db.select().from(auditEvents).where(eq(auditEvents.workspaceId, workspace.id));
    expect(audit.map((event) => event.action)).toContain("connectwise.connected");
    expect(JSON.stringify(audit)).not.toContain(fields.privateKey);
  });

  it("names the private key as the problem when it is wrong", async () => {
    const result = await checkConnectWiseAction.execute(
      workspace.as("admin"),
      fieldsFor("integration", { privateKey: "wrong-private-key" }),
    );
    expect(result).toMatchObject({ ok: false, code: "bad-credentials" });
    if (!result.ok) {
      expect(result.fieldErrors).toEqual({ privateKey: result.error });
      expect(result.error).toMatchInlineSnapshot(
        `"ConnectWise rejected the API keys. Check the company ID (the one on the ConnectWise login screen) and the API member's public and private keys (System > Members > API Members > API Keys); a private key is shown only once, so create new keys if in doubt."`,
      );
      expect(result.error).not.toContain("wrong-private-key");
    }
  });

  it("says the company is unknown", async () => {
    const result = await checkConnectWiseAction.execute(
      workspace.as("admin"),
      fieldsFor("integration", { companyId: "no-such-company" }),
    );
    expect(result).toMatchObject({ ok: false, code: "unknown-company" });
    if (!result.ok) expect(result.fieldErrors?.companyId).toMatch(/no-such-company/);
  });

  it("says the site is unreachable", async () => {
    const result = await checkConnectWiseAction.execute(
      workspace.as("admin"),
      fieldsFor("integration", { site: "http://127.0.0.1:9" }),
    );
    expect(result).toMatchObject({ ok: false, code: "site-unreachable" });
    if (!result.ok)
      expect(result.fieldErrors).toMatchInlineSnapshot(`
      {
        "site": "Nothing accepted the connection at 127.0.0.1:9. Check the site URL; if it is right, the ConnectWise server may be down.",
      }
    `);
  });

  for (const missing of seedPermissions) {
    it(`reports a member lacking ${missing}, and refuses to apply`, async () => {
      const member = sandbox.members.find(
        (candidate) => !candidate.permissions.includes(missing) && candidate.permissions.length >= 7,
      );
      expect(member, `a sandbox member lacking only ${missing}`).toBeTruthy();
      const result = await checkConnectWiseAction.execute(workspace.as("admin"), fieldsFor(member!.name));
      expect(result.ok).toBe(true);
      const check = (result as { data: ConnectionCheckResult }).data;
      expect(check.missingRequired).toEqual([missing]);
      expect(check.checkId).toBeNull();
      expect(check.message).toContain(missing);
      const line = check.permissions.find((candidate) => candidate.permission === missing)!;
      expect(line.granted).toBe(false);
      expect(line.blocksWhenMissing.length).toBeGreaterThan(10);
    });
  }

  it("lets the seed-minimum member connect, with warnings for the Edit levels", async () => {
    const { check } = await connect("seed-minimum");
    expect(check.checkId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(check.missingRequired).toEqual([]);
    expect(check.missingEdit.sort()).toEqual(["Finance > Agreements > Edit", "Procurement > Product Catalog > Edit"]);
  });

  it("waits out a 429 and then succeeds", async () => {
    sandbox.failNext(1, "429");
    const { check } = await connect();
    expect(check.checkId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(sandbox.requests().some((entry) => entry.status === 429)).toBe(true);
  });

  it("refuses loopback, private and metadata addresses unless private hosts are allowed", async () => {
    delete process.env.CW_ALLOW_PRIVATE_HOSTS;
    const refusals: unknown[] = [];
    for (const site of [sandbox.site, "https://10.1.2.3", "https://localhost"]) {
      const result = await checkConnectWiseAction.execute(workspace.as("admin"), fieldsFor("integration", { site }));
      const shown = site === sandbox.site ? "the sandbox" : site;
      refusals.push(
        result.ok ? { site: shown, ok: true } : { site: shown, code: result.code, fieldErrors: result.fieldErrors },
      );
    }
    expect(refusals).toMatchInlineSnapshot(`
      [
        {
          "code": "site-not-allowed",
          "fieldErrors": {
            "site": "Billbridge refused the ConnectWise site: 127.0.0.1 is a loopback address (this server itself). It only connects to public internet addresses, so that a site URL cannot be used to reach internal systems. A server operator can allow private addresses for a local test sandbox (CW_ALLOW_PRIVATE_HOSTS=1).",
          },
          "site": "the sandbox",
        },
        {
          "code": "site-not-allowed",
          "fieldErrors": {
            "site": "Billbridge refused the ConnectWise site: 10.1.2.3 is a private network address. It only connects to public internet addresses, so that a site URL cannot be used to reach internal systems. A server operator can allow private addresses for a local test sandbox (CW_ALLOW_PRIVATE_HOSTS=1).",
          },
          "site": "https://10.1.2.3",
        },
        {
          "code": "site-not-allowed",
          "fieldErrors": {
            "site": "Billbridge refused the ConnectWise site: localhost resolves to 127.0.0.1, a loopback address (this server itself). It only connects to public internet addresses, so that a site URL cannot be used to reach internal systems. A server operator can allow private addresses for a local test sandbox (CW_ALLOW_PRIVATE_HOSTS=1).",
          },
          "site": "https://localhost",
        },
      ]
    `);
    process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
    const metadata = await checkConnectWiseAction.execute(
      workspace.as("admin"),
      fieldsFor("integration", { site: "http://169.254.169.254" }),
    );
    expect(metadata).toMatchObject({ ok: false, code: "site-not-allowed" });
    if (!metadata.ok)
      expect(metadata.error).toMatchInlineSnapshot(
        `"Billbridge refused the ConnectWise site: 169.254.169.254 is a cloud metadata address. It only connects to public internet addresses, so that a site URL cannot be used to reach internal systems."`,
      );
  });

  it("refuses Apply without a successful Connect for exactly these values", async () => {
    const { fields, check } = await connect();
    const changed = await applyConnectWiseAction.execute(workspace.as("admin"), {
      ...fields,
      publicKey: "someone-else",
      checkId: check.checkId,
    });
    expect(changed).toMatchObject({ ok: false, code: "check-required" });
    const unknown = await applyConnectWiseAction.execute(workspace.as("admin"), {
      ...fields,
      checkId: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknown).toMatchObject({ ok: false, code: "check-required" });
    // A check made in another workspace is no good here either.
    const foreign = await applyConnectWiseAction.execute(other.as("owner"), { ...fields, checkId: check.checkId });
    expect(foreign).toMatchObject({ ok: false, code: "check-required" });
  });

  it("keeps the saved private key when Edit leaves it blank", async () => {
    const { fields, check } = await connect();
    await applyConnectWiseAction.execute(workspace.as("admin"), { ...fields, checkId: check.checkId });
    const before = await findConnection(db, { workspaceId: workspace.id });
    const recheck = await checkConnectWiseAction.execute(workspace.as("admin"), { ...fields, privateKey: "" });
    expect(recheck.ok).toBe(true);
    const checkId = (recheck as { data: ConnectionCheckResult }).data.checkId;
    const applied = await applyConnectWiseAction.execute(workspace.as("admin"), { ...fields, privateKey: "", checkId });
    expect(applied.ok).toBe(true);
    const after = await findConnection(db, { workspaceId: workspace.id });
    expect(after!.connectedAt).toEqual(before!.connectedAt);
    expect((await recheckConnectWiseAction.execute(workspace.as("admin"), {})) as unknown).toMatchObject({
      ok: true,
      data: { healthy: true },
    });
  });

  it("never sends the saved private key to another site, company or public key", async () => {
    const { fields, check } = await connect();
    await applyConnectWiseAction.execute(workspace.as("admin"), { ...fields, checkId: check.checkId });
    // A server the submitter controls, recording every request it receives.
    const received: string[] = [];
    const listener = http.createServer((request, response) => {
      received.push(`${request.method} ${request.url} ${request.headers.authorization ?? ""}`);
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const port = (listener.address() as AddressInfo).port;
    try {
      const attempts = [
        { site: `http://127.0.0.1:${port}` },
        { companyId: "another-company" },
        { publicKey: sandbox.member("admin").publicKey },
      ];
      for (const change of attempts) {
        const result = await checkConnectWiseAction.execute(workspace.as("admin"), {
          ...fields,
          privateKey: "",
          ...change,
        });
        expect(result).toMatchObject({ ok: false, code: "invalid" });
        if (!result.ok) expect(result.fieldErrors?.privateKey).toMatch(/Enter the private key/);
        const applied = await applyConnectWiseAction.execute(workspace.as("admin"), {
          ...fields,
          privateKey: "",
          ...change,
          checkId: check.checkId,
        });
        expect(applied).toMatchObject({ ok: false });
      }
      expect(received).toEqual([]);
      const saved = await findConnection(db, { workspaceId: workspace.id });
      expect(saved).toMatchObject({ siteUrl: check.site, companyId: fields.companyId, publicKey: fields.publicKey });
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it("marks the connection unhealthy when its keys stop working", async () => {
    const { fields, check } = await connect();
    await applyConnectWiseAction.execute(workspace.as("admin"), { ...fields, checkId: check.checkId });
    await db
      .update(psaConnections)
      .set({ publicKey: "revoked-key" })
      .where(eq(psaConnections.workspaceId, workspace.id));
    const result = await recheckConnectWiseAction.execute(workspace.as("admin"), {});
    expect(result).toMatchObject({ ok: true, data: { healthy: false } });
    const view = await getConnectionView(await workspace.as("admin"));
    expect(view.status).toBe("unhealthy");
    expect(view.statusReason).toMatchInlineSnapshot(
      `"ConnectWise rejected the API keys. Check the company ID (the one on the ConnectWise login screen) and the API member's public and private keys (System > Members > API Members > API Keys); a private key is shown only once, so create new keys if in doubt."`,
    );
  });

  it("disconnects after confirmation, forgetting the keys but keeping the row", async () => {
    const { fields, check } = await connect();
    await applyConnectWiseAction.execute(workspace.as("admin"), { ...fields, checkId: check.checkId });
    expect(await disconnectConnectWiseAction.execute(workspace.as("admin"), {})).toMatchObject({
      ok: false,
      code: "invalid",
    });
    expect(await disconnectConnectWiseAction.execute(workspace.as("admin"), { confirm: true })).toMatchObject({
      ok: true,
    });
    const row = await findConnection(db, { workspaceId: workspace.id });
    expect(row).toMatchObject({ status: "disconnected", privateKeyCiphertext: null, publicKey: null });
    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.workspaceId, workspace.id))).map(
      (event) => event.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["connectwise.connected", "connectwise.disconnected"]));
  });

  it("refuses every ConnectWise action to a viewer", async () => {
    const fields = fieldsFor();
    for (const action of [
      checkConnectWiseAction,
      applyConnectWiseAction,
      disconnectConnectWiseAction,
      recheckConnectWiseAction,
    ]) {
      const result = await action.execute(workspace.as("viewer"), {
        ...fields,
        checkId: "00000000-0000-4000-8000-000000000000",
        confirm: true,
      });
      expect(result, action.name).toMatchObject({ ok: false, code: "forbidden" });
    }
  });
});
