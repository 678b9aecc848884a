import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobWorkers } from "@/jobs/worker";
import { createAlertChannelAction, sendAlertTestEventAction } from "@/lib/actions/alerts";
import { evaluateWorkspaceAlerts } from "@/lib/alerts/run-alert-evaluation";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { recheckConnectWiseAction as recheckConnectWise } from "@/lib/actions/connectwise";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { startSmtpReceiver, type SmtpReceiver } from "../harness/smtp-receiver";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";
import {
  connectWorkspace,
  mapOrganization,
  pickAgreementWithForeignAdditions,
  publishProducts,
  syncOnce,
} from "../sync-engine/sync-harness";
import { useSandboxTransport } from "../harness/sandbox-transport";

describe("email alerts through a real SMTP receiver", () => {
  let sandbox: Sandbox;
  let smtp: SmtpReceiver;
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  let mappingId: string;
  let organizationId: string;
  let channelId: string;
  const recipients = ["billing@msp.example", "ops@msp.example"];

  const evaluate = () => evaluateWorkspaceAlerts(db, { workspaceId: workspace.id, now: new Date() });
  const mailsAbout = (text: string) => smtp.messages.filter((mail) => mail.subject.includes(text));

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    process.env.SMTP_URL = smtp.url;
    process.env.MAIL_FROM = "Billbridge <alerts@billbridge.example>";
    useSandboxTransport();
    sandbox = await startSandbox({ scenario: "demo", seed: 21 });
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Mail");
    organizationId = workspace.organizationIds[0]!;
    await connectWorkspace(sandbox, workspace);
    await publishProducts(db, workspace);
    const agreement = pickAgreementWithForeignAdditions(sandbox);
    mappingId = await mapOrganization(db, { workspace, organizationId, agreement });
    for (const other of workspace.organizationIds.slice(1)) {
      await mapOrganization(db, {
        workspace,
        organizationId: other,
        agreement: pickAgreementWithForeignAdditions(sandbox, [agreement.id]),
      });
    }
    const created = await createAlertChannelAction.execute(workspace.as("admin"), {
      kind: "email",
      name: "Billing team",
      recipients: recipients.join(", "),
    });
    if (!created.ok) throw new Error(created.error);
    expect(created.data.secret).toBeNull();
    channelId = created.data.channelId;
    await startJobWorkers({ log: () => {} });
  });
  afterAll(async () => {
    setConnectWiseTransportOverrides({});
    await sandbox?.stop();
    await smtp?.stop();
  });

  it("sends a test email to every recipient", async () => {
    const result = await sendAlertTestEventAction.execute(workspace.as("admin"), { channelId });
    expect(result).toMatchObject({ ok: true, data: { state: "delivered" } });
    const mail = await smtp.waitFor((message) => message.subject.includes("Test alert"));
    expect(mail.to.sort()).toEqual([...recipients].sort());
    expect(mail.from).toBe("alerts@billbridge.example");
    expect(mail.subject).toBe("[Billbridge · Workspace Mail] Test alert");
  });

  it("emails once when the keys are revoked, and once when the connection is healthy again", async () => {
    sandbox.revokeMemberKeys("integration");
    expect((await syncOnce(db, { workspace, mappingId, organizationId })).run.errorCode).toBe("bad-credentials");
    expect((await evaluate()).opened).toBe(1);
    const opened = await smtp.waitFor((mail) => mail.subject.includes("Connection unhealthy"));
    expect(opened.subject).toBe("[Billbridge · Workspace Mail] Connection unhealthy — ConnectWise connection");
    expect(opened.text).toContain("ConnectWise refused the API keys");
    expect(opened.text).not.toContain(sandbox.member("integration").privateKey);

    await syncOnce(db, { workspace, mappingId, organizationId });
    expect(await evaluate()).toEqual({ opened: 0, resolved: 0 });

    sandbox.restoreMemberKeys("integration");
    expect(await recheckConnectWise.execute(workspace.as("admin"), {})).toMatchObject({
      ok: true,
      data: { healthy: true },
    });
    expect((await evaluate()).resolved).toBe(1);
    const resolved = await smtp.waitFor((mail) => mail.subject.startsWith("[Billbridge · Workspace Mail] Resolved:"));
    expect(resolved.subject).toContain("Connection unhealthy");
    expect(mailsAbout("Connection unhealthy")).toHaveLength(2);
  });
});
