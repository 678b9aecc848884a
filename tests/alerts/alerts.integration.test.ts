import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertDeliveries, mappings, organizations, syncRuns } from "@/db/schema";
import { startJobWorkers } from "@/jobs/worker";
import { createAlertChannelAction, saveAlertSettingsAction, sendAlertTestEventAction } from "@/lib/actions/alerts";
import { evaluateWorkspaceAlerts } from "@/lib/alerts/run-alert-evaluation";
import { verifyWebhookSignature } from "@/lib/alerts/webhook-signature";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { recheckConnectWiseAction as recheckConnectWise } from "@/lib/actions/connectwise";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";
import {
  connectWorkspace,
  mapOrganization,
  pickAgreementWithForeignAdditions,
  publishProducts,
  readAdditions,
  syncOnce,
} from "../sync-engine/sync-harness";
import { runAlertDigest } from "@/lib/alerts/run-alert-digest";
import { defaultAlertRules } from "@/lib/alerts/alert-rules";
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from "./webhook-receiver";
import { useSandboxTransport } from "../harness/sandbox-transport";

interface ReceivedEvent {
  id: string;
  type: string;
  workspace: { id: string; name: string };
  alert?: { rule: string; subject: string; message: string; state: string };
}

describe("alerts against the ConnectWise sandbox, delivered to a signed webhook", () => {
  let sandbox: Sandbox;
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  let receiver: WebhookReceiver;
  let secret: string;
  let mappingId: string;
  let organizationId: string;
  let agreement: { id: number; companyId: number; name: string };
  let items: Map<string, number>;

  const events = (requests: ReceivedRequest[] = receiver.requests) =>
    requests.map((request) => JSON.parse(request.body) as ReceivedEvent);
  const eventsOf = (rule: string, type: string) =>
    events().filter((event) => event.type === type && event.alert?.rule === rule);
  const evaluate = (now = new Date()) => evaluateWorkspaceAlerts(db, { workspaceId: workspace.id, now });
  const waitForEvent = (rule: string, type: string, count = 1) =>
    receiver.waitFor(
      (requests) => events(requests).filter((e) => e.type === type && e.alert?.rule === rule).length >= count,
    );
  /** Waits until every queued delivery was attempted, so "nothing more arrived" means nothing was sent. */
  const settled = async () => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const pending = await db
        .select({ id: alertDeliveries.id })
        .from(alertDeliveries)
        .where(eq(alertDeliveries.state, "pending"));
      if (pending.length === 0) return;
      if (Date.now() > deadline) throw new Error("deliveries still pending");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    useSandboxTransport();
    sandbox = await startSandbox({ scenario: "demo", seed: 18 });
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Alerts");
    organizationId = workspace.organizationIds[0]!;
    await connectWorkspace(sandbox, workspace);
    items = await publishProducts(db, workspace);
    agreement = pickAgreementWithForeignAdditions(sandbox);
    mappingId = await mapOrganization(db, { workspace, organizationId, agreement });
    // The other two organizations are mapped too, so only the one a test unmaps has unbilled usage.
    const others = pickAgreementWithForeignAdditions(sandbox, [agreement.id]);
    for (const other of workspace.organizationIds.slice(1)) {
      await mapOrganization(db, { workspace, organizationId: other, agreement: others });
    }
    receiver = await startWebhookReceiver();
    const created = await createAlertChannelAction.execute(workspace.as("admin"), {
      kind: "webhook",
      name: "Operations",
      url: receiver.url,
    });
    if (!created.ok) throw new Error(created.error);
    secret = created.data.secret!;
    await startJobWorkers({ log: () => {} });
    const first = await syncOnce(db, { workspace, mappingId, organizationId });
    expect(first.outcome.state).toBe("succeeded");
  });

  afterAll(async () => {
    setConnectWiseTransportOverrides({});
    await receiver?.close();
    await sandbox?.stop();
  });

  it("shows the webhook secret once, with a whsec_ prefix, and stores it only encrypted", async () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const rows = await db.execute<{ text: string }>(
      // The whole channel row as text: the secret must not appear in it.
      (await import("drizzle-orm")).sql`select row_to_json(c)::text as text from alert_channels c`,
    );
    expect(rows.map((row) => row.text).join("\n")).not.toContain(secret);
  });

  it("sends a signed test event the receiver can verify", async () => {
    const result = await sendAlertTestEventAction.execute(workspace.as("admin"), {
      channelId: (await db.query.alertChannels.findFirst())!.id,
    });
    expect(result).toMatchObject({ ok: true, data: { state: "delivered", responseStatus: 200 } });
    const [request] = receiver.requests.filter((r) => JSON.parse(r.body).type === "test");
    expect(request).toBeDefined();
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(
      verifyWebhookSignature({
        secret,
        header: request!.headers["billbridge-signature"] as string,
        body: request!.body,
      }),
    ).toBe(true);
    expect(
      verifyWebhookSignature({
        secret: "whsec_wrong",
        header: request!.headers["billbridge-signature"] as string,
        body: request!.body,
      }),
    ).toBe(false);
    expect(
      verifyWebhookSignature({
        secret,
        header: request!.headers["billbridge-signature"] as string,
        body: `${request!.body} `,
      }),
    ).toBe(false);
  });

  it("alerts once when ConnectWise refuses the revoked keys, and says when it is resolved", async () => {
    sandbox.revokeMemberKeys("integration");
    const failed = await syncOnce(db, { workspace, mappingId, organizationId });
    expect(failed.run.errorCode).toBe("bad-credentials");

    expect((await evaluate()).opened).toBe(1);
    const [request] = (await waitForEvent("connection-unhealthy", "alert.opened")).filter(
      (r) => JSON.parse(r.body).alert?.rule === "connection-unhealthy",
    );
    expect(
      verifyWebhookSignature({
        secret,
        header: request!.headers["billbridge-signature"] as string,
        body: request!.body,
      }),
    ).toBe(true);
    expect(request!.headers["billbridge-event"]).toBe("alert.opened");
    const [opened] = eventsOf("connection-unhealthy", "alert.opened");
    expect(opened).toMatchObject({
      workspace: { id: workspace.id },
      alert: { subject: "ConnectWise connection", state: "open" },
    });
    expect(opened!.alert!.message).toContain("ConnectWise refused the API keys");
    expect(opened!.alert!.message).not.toContain(sandbox.member("integration").privateKey);

    // While the keys stay revoked: more failed runs and evaluations, no second message.
    await syncOnce(db, { workspace, mappingId, organizationId });
    expect(await evaluate()).toEqual({ opened: 0, resolved: 0 });
    expect(await evaluate()).toEqual({ opened: 0, resolved: 0 });
    await settled();
    expect(eventsOf("connection-unhealthy", "alert.opened")).toHaveLength(1);

    sandbox.restoreMemberKeys("integration");
    const recheck = await recheckConnectWise.execute(workspace.as("admin"), {});
    expect(recheck).toMatchObject({ ok: true, data: { healthy: true } });
    expect(await evaluate()).toMatchObject({ resolved: 1 });
    await waitForEvent("connection-unhealthy", "alert.resolved");
    expect(eventsOf("connection-unhealthy", "alert.resolved")[0]).toMatchObject({ alert: { state: "resolved" } });
    expect(await evaluate()).toEqual({ opened: 0, resolved: 0 });
    await settled();
    expect(eventsOf("connection-unhealthy", "alert.resolved")).toHaveLength(1);
    expect((await syncOnce(db, { workspace, mappingId, organizationId })).outcome.state).toBe("succeeded");
  });

  it("alerts when an organization's sync fails 3 times in a row because its agreement was deleted", async () => {
    sandbox.state.deleteAgreement(agreement.id);
    for (let run = 1; run <= 2; run++) {
      const outcome = await syncOnce(db, { workspace, mappingId, organizationId });
      expect(outcome.run.errorCode).toBe("agreement-missing");
    }
    expect(await evaluate()).toEqual({ opened: 0, resolved: 0 });
    const third = await syncOnce(db, { workspace, mappingId, organizationId });
    expect(third.run.errorCode).toBe("agreement-missing");
    expect((await evaluate()).opened).toBe(1);
    await waitForEvent("sync-failing", "alert.opened");
    const [opened] = eventsOf("sync-failing", "alert.opened");
    expect(opened!.alert!.subject).toBe("Alerts Alpha Corp");
    expect(opened!.alert!.message).toContain("the last 3 syncs failed");
    expect(opened!.alert!.message).toContain("no longer exists in ConnectWise");

    await syncOnce(db, { workspace, mappingId, organizationId });
    expect(await evaluate()).toEqual({ opened: 0, resolved: 0 });
    await settled();
    expect(eventsOf("sync-failing", "alert.opened")).toHaveLength(1);

    // The admin picks another agreement; the next sync succeeds and the alert resolves.
    const replacement = pickAgreementWithForeignAdditions(sandbox, [agreement.id]);
    await db
      .update(mappings)
      .set({ cwAgreementId: replacement.id, cwCompanyId: replacement.companyId, cwAgreementName: replacement.name })
      .where(eq(mappings.id, mappingId));
    expect((await syncOnce(db, { workspace, mappingId, organizationId })).outcome.state).toBe("succeeded");
    expect(await evaluate()).toMatchObject({ resolved: 1 });
    await waitForEvent("sync-failing", "alert.resolved");
  });

  it("alerts when an organization has had usage without an agreement for 24 hours", async () => {
    const unmapped = workspace.organizationIds[1]!;
    await db.delete(mappings).where(eq(mappings.organizationId, unmapped));
    // Unmapped for 23 hours: not yet.
    await db
      .update(organizations)
      .set({ createdAt: new Date(Date.now() - 23 * 3600_000) })
      .where(eq(organizations.id, unmapped));
    expect(await evaluate()).toEqual({ opened: 0, resolved: 0 });
    await db
      .update(organizations)
      .set({ createdAt: new Date(Date.now() - 25 * 3600_000) })
      .where(eq(organizations.id, unmapped));
    expect((await evaluate()).opened).toBe(1);
    await waitForEvent("usage-unmapped", "alert.opened");
    const [opened] = eventsOf("usage-unmapped", "alert.opened");
    expect(opened!.alert).toMatchObject({ subject: "Alerts Beta Corp" });
    expect(opened!.alert!.message).toContain("not billed");
    expect(await evaluate()).toEqual({ opened: 0, resolved: 0 });

    await mapOrganization(db, {
      workspace,
      organizationId: unmapped,
      agreement: pickAgreementWithForeignAdditions(sandbox, [agreement.id]),
    });
    expect(await evaluate()).toMatchObject({ resolved: 1 });
    await waitForEvent("usage-unmapped", "alert.resolved");
    await settled();
    expect(eventsOf("usage-unmapped", "alert.opened")).toHaveLength(1);
    expect(eventsOf("usage-unmapped", "alert.resolved")).toHaveLength(1);
  });

  it("alerts when a mapping has not synced successfully for 3 hours, and not when the rule is off", async () => {
    await db
      .update(syncRuns)
      .set({ finishedAt: new Date(Date.now() - 4 * 3600_000) })
      .where(eq(syncRuns.mappingId, mappingId));
    const settings = {
      // The defaults (every rule on, N = 3 runs, 3 and 24 hours), but the stale-sync rule off.
      rules: { ...structuredClone(defaultAlertRules), "sync-stale": { enabled: false, threshold: 3 } },
      digestEnabled: false,
      digestHourUtc: 7,
    };
    expect(await saveAlertSettingsAction.execute(workspace.as("admin"), settings)).toMatchObject({ ok: true });
    expect(await evaluate()).toEqual({ opened: 0, resolved: 0 });
    settings.rules["sync-stale"].enabled = true;
    expect(await saveAlertSettingsAction.execute(workspace.as("owner"), settings)).toMatchObject({ ok: true });
    expect((await evaluate()).opened).toBe(1);
    await waitForEvent("sync-stale", "alert.opened");
    expect(eventsOf("sync-stale", "alert.opened")[0]!.alert!.message).toContain(
      "no successful sync for more than 3 hours",
    );
  });

  it("sends the daily digest once, with drift corrected and the open alerts", async () => {
    const [mapping] = await db.select().from(mappings).where(eq(mappings.id, mappingId));
    const [ours] = readAdditions(sandbox, mapping!.cwAgreementId!).filter((addition) =>
      [...items.values()].includes(addition.catalogItemId),
    );
    sandbox.state.setAdditionQuantity(mapping!.cwAgreementId!, ours!.id, ours!.quantity + 5);
    const corrected = await syncOnce(db, { workspace, mappingId, organizationId });
    expect(corrected.changes.some((change) => change.drift !== null && change.result === "applied")).toBe(true);

    const now = new Date();
    const settings = {
      rules: structuredClone(defaultAlertRules),
      digestEnabled: true,
      digestHourUtc: (now.getUTCHours() + 1) % 24,
    };
    expect(await saveAlertSettingsAction.execute(workspace.as("admin"), settings)).toMatchObject({ ok: true });
    expect(await runAlertDigest(db, { now })).toEqual({ sent: 0 });
    settings.digestHourUtc = now.getUTCHours();
    expect(await saveAlertSettingsAction.execute(workspace.as("admin"), settings)).toMatchObject({ ok: true });
    expect(await runAlertDigest(db, { now })).toEqual({ sent: 1 });
    expect(await runAlertDigest(db, { now: new Date(now.getTime() + 60_000) })).toEqual({ sent: 0 });
    await receiver.waitFor((requests) => events(requests).some((event) => event.type === "digest"));
    await settled();
    const digests = events().filter((event) => event.type === "digest") as Array<
      ReceivedEvent & { digest: { driftCorrected: unknown[]; openAlerts: Array<{ rule: string }>; failedRuns: number } }
    >;
    expect(digests).toHaveLength(1);
    expect(digests[0]!.digest.driftCorrected).toEqual([{ organization: "Alerts Alpha Corp", corrections: 1 }]);
    expect(digests[0]!.digest.openAlerts.map((alert) => alert.rule)).toContain("sync-stale");
    expect(digests[0]!.digest.failedRuns).toBeGreaterThanOrEqual(3);
  });

  it("refuses viewers and bad thresholds", async () => {
    const viewer = await saveAlertSettingsAction.execute(workspace.as("viewer"), {});
    expect(viewer).toMatchObject({ ok: false, code: "forbidden" });
    const invalid = await createAlertChannelAction.execute(workspace.as("admin"), {
      kind: "webhook",
      name: "Plain",
      url: "ftp://alerts.example/hook",
    });
    expect(invalid).toMatchObject({ ok: false, fieldErrors: { url: expect.stringContaining("https://") } });
  });
});
