import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertDeliveries, heldChanges } from "@/db/schema";
import { startJobWorkers } from "@/jobs/worker";
import { createAlertChannelAction, saveAlertSettingsAction } from "@/lib/actions/alerts";
import { decideHeldChangesAction, setApprovalPolicyAction } from "@/lib/actions/approvals";
import type { DigestContent } from "@/lib/alerts/alert-events";
import { defaultAlertRules } from "@/lib/alerts/alert-rules";
import { runAlertDigest } from "@/lib/alerts/run-alert-digest";
import { verifyWebhookSignature } from "@/lib/alerts/webhook-signature";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { getApprovals } from "@/lib/read-models/approvals";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { startSmtpReceiver, type SmtpReceiver } from "../harness/smtp-receiver";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";
import {
  connectWorkspace,
  mapOrganization,
  pickAgreementWithForeignAdditions,
  publishProducts,
  setUsage,
  syncOnce,
} from "../sync-engine/sync-harness";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver";
import { useSandboxTransport } from "../harness/sandbox-transport";

interface DigestEvent {
  type: string;
  workspace: { id: string };
  digest: Pick<DigestContent, "waitingForApproval" | "approvalsUrl">;
}

const hourMs = 3600_000;

/** The "changes waiting for approval" digest rule, delivered to a signed webhook and by email. */
describe("the daily digest lists the changes waiting for approval", () => {
  let sandbox: Sandbox;
  let smtp: SmtpReceiver;
  let receiver: WebhookReceiver;
  let secret: string;
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  let alpha: { mappingId: string; organizationId: string };
  let beta: { mappingId: string; organizationId: string };
  let userProduct: string;
  let gatewayProduct: string;
  // Digests are sent for days after now, at a digest hour 12 hours away from the real one, so the
  // scheduled hourly job of the running workers never sends this workspace's digest by itself.
  const base = new Date(Math.floor(Date.now() / hourMs) * hourMs + 12 * hourMs);
  const alphaHeldSince = new Date(base.getTime() - 30 * hourMs);
  const betaHeldSince = new Date(base.getTime() - 5 * hourMs);
  let day = 0;

  const sync = (target: { mappingId: string; organizationId: string }) => syncOnce(db, { workspace, ...target });
  const webhookDigests = () =>
    receiver.requests.map((request) => JSON.parse(request.body) as DigestEvent).filter((e) => e.type === "digest");
  const digestMails = () => smtp.messages.filter((mail) => mail.subject.endsWith("Daily digest"));

  /** Sends the next day's digest and waits until both channels have it. */
  const sendDigest = async () => {
    const now = new Date(base.getTime() + day * 24 * hourMs);
    day++;
    const expected = webhookDigests().length + 1;
    expect(await runAlertDigest(db, { now })).toEqual({ sent: 1 });
    await receiver.waitFor(
      (requests) => requests.filter((r) => JSON.parse(r.body).type === "digest").length >= expected,
    );
    await smtp.waitFor(() => digestMails().length >= expected);
    const deadline = Date.now() + 30_000;
    while (
      (
        await db
          .select({ id: alertDeliveries.id })
          .from(alertDeliveries)
          .where(and(eq(alertDeliveries.workspaceId, workspace.id), eq(alertDeliveries.state, "pending")))
      ).length > 0
    ) {
      if (Date.now() > deadline) throw new Error("deliveries still pending");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { now, event: webhookDigests().at(-1)!, mail: digestMails().at(-1)! };
  };

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    process.env.SMTP_URL = smtp.url;
    process.env.MAIL_FROM = "Billbridge <alerts@billbridge.example>";
    process.env.AUTH_URL = "https://billbridge.example";
    useSandboxTransport();
    sandbox = await startSandbox({ scenario: "demo", seed: 22 });
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Waiting");
    [userProduct, gatewayProduct] = workspace.productIds as [string, string];
    await connectWorkspace(sandbox, workspace);
    await publishProducts(db, workspace);
    const first = pickAgreementWithForeignAdditions(sandbox);
    const second = pickAgreementWithForeignAdditions(sandbox, [first.id]);
    const [alphaId, betaId] = workspace.organizationIds as [string, string];
    alpha = {
      organizationId: alphaId,
      mappingId: await mapOrganization(db, { workspace, organizationId: alphaId, agreement: first }),
    };
    beta = {
      organizationId: betaId,
      mappingId: await mapOrganization(db, { workspace, organizationId: betaId, agreement: second }),
    };
    // Without a policy everything applies: ConnectWise has 10 (Alpha) and 20 (Beta) of each product.
    expect((await sync(alpha)).outcome.state).toBe("succeeded");
    expect((await sync(beta)).outcome.state).toBe("succeeded");
    const policy = await setApprovalPolicyAction.execute(workspace.as("admin"), {
      holdDecreases: true,
      holdIncreasesAbovePercent: 50,
      holdNewLines: false,
      holdCancellations: false,
    });
    expect(policy.ok).toBe(true);

    receiver = await startWebhookReceiver();
    const webhook = await createAlertChannelAction.execute(workspace.as("admin"), {
      kind: "webhook",
      name: "Operations",
      url: receiver.url,
    });
    if (!webhook.ok) throw new Error(webhook.error);
    secret = webhook.data.secret!;
    const email = await createAlertChannelAction.execute(workspace.as("admin"), {
      kind: "email",
      name: "Billing team",
      recipients: "billing@msp.example",
    });
    if (!email.ok) throw new Error(email.error);
    const settings = await saveAlertSettingsAction.execute(workspace.as("admin"), {
      rules: { ...defaultAlertRules, "approvals-waiting": { enabled: true, threshold: null } },
      digestEnabled: true,
      digestHourUtc: base.getUTCHours(),
    });
    expect(settings.ok).toBe(true);
    await startJobWorkers({ log: () => {} });
  });

  afterAll(async () => {
    setConnectWiseTransportOverrides({});
    await receiver?.close();
    await sandbox?.stop();
    await smtp?.stop();
  });

  it("says nothing is waiting while nothing is held", async () => {
    const { event, mail } = await sendDigest();
    expect(event.digest.waitingForApproval).toEqual([]);
    expect(mail.text).toContain("No changes waiting for approval.");
  });

  it("lists the held changes per organization with products, money impact, waiting time and the page's link", async () => {
    // Alpha: a decrease (10 → 4) and an increase above 50 % (10 → 40); Beta: a decrease (20 → 5).
    await setUsage(db, { organizationId: alpha.organizationId, productId: userProduct, quantity: 4 });
    await setUsage(db, { organizationId: alpha.organizationId, productId: gatewayProduct, quantity: 40 });
    await setUsage(db, { organizationId: beta.organizationId, productId: userProduct, quantity: 5 });
    expect((await sync(alpha)).outcome.summary).toMatchObject({ held: 2 });
    expect((await sync(beta)).outcome.summary).toMatchObject({ held: 1 });
    await db
      .update(heldChanges)
      .set({ heldSince: alphaHeldSince })
      .where(eq(heldChanges.organizationId, alpha.organizationId));
    await db
      .update(heldChanges)
      .set({ heldSince: betaHeldSince })
      .where(eq(heldChanges.organizationId, beta.organizationId));

    const { now, event, mail } = await sendDigest();
    const request = receiver.requests.at(-1)!;
    expect(JSON.parse(request.body).type).toBe("digest");
    expect(
      verifyWebhookSignature({ secret, header: request.headers["billbridge-signature"] as string, body: request.body }),
    ).toBe(true);
    // This is the second day's digest: Alpha has waited 30 + 24 hours, Beta 5 + 24.
    expect(now.getTime() - base.getTime()).toBe(24 * hourMs);
    expect(event.workspace.id).toBe(workspace.id);
    expect(event.digest.approvalsUrl).toBe("https://billbridge.example/approvals");
    // The longest-waiting organization first; the catalog price is 9.
    expect(event.digest.waitingForApproval).toEqual([
      {
        organization: "Waiting Alpha Corp",
        changes: 2,
        products: ["Waiting gateway plan", "Waiting user plan"],
        moneyImpact: (40 - 10) * 9 + (4 - 10) * 9,
        unpricedChanges: 0,
        waitingSince: alphaHeldSince.toISOString(),
        waitingHours: 54,
      },
      {
        organization: "Waiting Beta Corp",
        changes: 1,
        products: ["Waiting user plan"],
        moneyImpact: (5 - 20) * 9,
        unpricedChanges: 0,
        waitingSince: betaHeldSince.toISOString(),
        waitingHours: 29,
      },
    ]);

    expect(mail.to).toEqual(["billing@msp.example"]);
    expect(mail.subject).toBe("[Billbridge · Workspace Waiting] Daily digest");
    expect(mail.text).toContain("Changes waiting for approval (they reach ConnectWise only once approved):");
    expect(mail.text).toContain(
      "- Waiting Alpha Corp: 2 changes (Waiting gateway plan, Waiting user plan) · +216.00 per billing period · waiting 2 days",
    );
    expect(mail.text).toContain(
      "- Waiting Beta Corp: 1 change (Waiting user plan) · −135.00 per billing period · waiting 29 hours",
    );
    expect(mail.text).toContain("Approve or reject them on the Approvals page: https://billbridge.example/approvals");
  });

  it("no longer lists changes once they are approved or rejected", async () => {
    const page = await getApprovals(await workspace.as("billing"));
    const alphaChanges = page.changes.filter((change) => change.organizationId === alpha.organizationId);
    const increase = alphaChanges.find((change) => change.rule === "increase")!;
    const decrease = alphaChanges.find((change) => change.rule === "decrease")!;
    expect(
      await decideHeldChangesAction.execute(workspace.as("billing"), { ids: [increase.id], decision: "approve" }),
    ).toMatchObject({ ok: true, data: { decided: 1 } });
    expect(
      await decideHeldChangesAction.execute(workspace.as("billing"), { ids: [decrease.id], decision: "reject" }),
    ).toMatchObject({ ok: true, data: { decided: 1 } });

    // Decided but not yet applied by a run: neither is waiting any more.
    const { event, mail } = await sendDigest();
    expect(event.digest.waitingForApproval?.map((entry) => entry.organization)).toEqual(["Waiting Beta Corp"]);
    expect(mail.text).not.toContain("Waiting Alpha Corp");
    expect(mail.text).toContain("- Waiting Beta Corp: 1 change (Waiting user plan)");

    const [betaChange] = (await getApprovals(await workspace.as("billing"))).changes.filter(
      (change) => change.organizationId === beta.organizationId,
    );
    expect(
      await decideHeldChangesAction.execute(workspace.as("owner"), { ids: [betaChange!.id], decision: "approve" }),
    ).toMatchObject({ ok: true });
    // The approved changes are applied by the next runs and removed.
    await sync(alpha);
    await sync(beta);
    const last = await sendDigest();
    expect(last.event.digest.waitingForApproval).toEqual([]);
    expect(last.mail.text).toContain("No changes waiting for approval.");
  });

  it("leaves the section out while the rule is off", async () => {
    await setUsage(db, { organizationId: beta.organizationId, productId: userProduct, quantity: 1 });
    expect((await sync(beta)).outcome.summary).toMatchObject({ held: 1 });
    const settings = await saveAlertSettingsAction.execute(workspace.as("owner"), {
      rules: { ...defaultAlertRules, "approvals-waiting": { enabled: false, threshold: null } },
      digestEnabled: true,
      digestHourUtc: base.getUTCHours(),
    });
    expect(settings.ok).toBe(true);
    const { event, mail } = await sendDigest();
    expect(event.digest.waitingForApproval).toBeNull();
    expect(mail.text).not.toContain("waiting for approval");
  });
});
