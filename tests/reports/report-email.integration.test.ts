import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, reportDeliveries, usageHistory } from "@/db/schema";
import { saveReportScheduleAction, sendReportNowAction } from "@/lib/actions/reports";
import { getReconciliationReport } from "@/lib/read-models/reconciliation-report";
import { reconciliationCsv } from "@/lib/reports/reconciliation-csv";
import { runReportDelivery } from "@/lib/reports/run-report-delivery";
import { createTestDatabase } from "../harness/database";
import { startSmtpReceiver, type ReceivedMail, type SmtpReceiver } from "../harness/smtp-receiver";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";

/**
 * The monthly reconciliation report by email, through a real SMTP receiver: on the chosen day the
 * previous month's report arrives once, with the report's CSV export attached.
 */
describe("monthly report email", () => {
  let smtp: SmtpReceiver;
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  let quiet: TestWorkspace;
  const recipients = ["billing@msp.example", "finance@msp.example"];
  const reportMails = (month: string) => smtp.messages.filter((mail) => mail.subject.includes(`report ${month}`));

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    process.env.SMTP_URL = smtp.url;
    process.env.MAIL_FROM = "Billbridge <reports@billbridge.example>";
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Report mail");
    quiet = await createTestWorkspace(db, "Report mail off");
    const [alpha, beta] = workspace.organizationIds as [string, string];
    const [user, gateway] = workspace.productIds as [string, string];
    await db.insert(usageHistory).values([
      { workspaceId: workspace.id, organizationId: alpha, productId: user, day: "2026-11-30", quantity: "12" },
      { workspaceId: workspace.id, organizationId: alpha, productId: gateway, day: "2026-11-20", quantity: "3" },
      { workspaceId: workspace.id, organizationId: beta, productId: user, day: "2026-11-29", quantity: "30" },
    ]);
  });
  afterAll(async () => {
    await smtp?.stop();
  });

  it("owners and admins choose recipients (valid emails), the day (1–28) and on/off; others may not", async () => {
    const invalid = await saveReportScheduleAction.execute(workspace.as("admin"), {
      enabled: true,
      recipients: "billing@msp.example, not-an-address",
      dayOfMonth: 5,
    });
    expect(invalid).toMatchObject({ ok: false, code: "invalid", fieldErrors: { recipients: expect.any(String) } });
    const lateDay = await saveReportScheduleAction.execute(workspace.as("admin"), {
      enabled: true,
      recipients: "billing@msp.example",
      dayOfMonth: 29,
    });
    expect(lateDay).toMatchObject({ ok: false, code: "invalid", fieldErrors: { dayOfMonth: expect.any(String) } });
    const nobody = await saveReportScheduleAction.execute(workspace.as("admin"), {
      enabled: true,
      recipients: " ",
      dayOfMonth: 5,
    });
    expect(nobody).toMatchObject({ ok: false, code: "invalid", fieldErrors: { recipients: expect.any(String) } });
    for (const role of ["billing", "viewer"] as const) {
      const refused = await saveReportScheduleAction.execute(workspace.as(role), {
        enabled: true,
        recipients: recipients.join(", "),
        dayOfMonth: 5,
      });
      expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    }
    const saved = await saveReportScheduleAction.execute(workspace.as("admin"), {
      enabled: true,
      recipients: `${recipients.join("; ")}, ${recipients[0]}`,
      dayOfMonth: 5,
    });
    expect(saved).toEqual({ ok: true, data: { saved: true } });
    // Saved, but off: the other workspace receives nothing.
    await saveReportScheduleAction.execute(quiet.as("owner"), {
      enabled: false,
      recipients: "quiet@msp.example",
      dayOfMonth: 1,
    });
  });

  it("sends nothing before the chosen day", async () => {
    const result = await runReportDelivery(db, { now: new Date("2026-12-04T06:15:00Z") });
    expect(result).toEqual({ sent: 0, failed: 0, skipped: 0 });
    expect(smtp.messages).toHaveLength(0);
  });

  let mail: ReceivedMail;

  it("on the day, last month's report arrives with the CSV export attached, and the send is audited", async () => {
    const result = await runReportDelivery(db, { now: new Date("2026-12-05T06:15:00Z") });
    expect(result).toEqual({ sent: 1, failed: 0, skipped: 0 });
    mail = await smtp.waitFor((message) => message.subject.includes("report 2026-11"));
    expect(mail.subject).toBe("[Billbridge · Workspace Report mail] Reconciliation report 2026-11");
    expect([...mail.to].sort()).toEqual([...recipients].sort());
    expect(mail.from).toBe("reports@billbridge.example");
    expect(mail.attachments).toHaveLength(1);
    const [attachment] = mail.attachments;
    expect(attachment!.filename).toBe("reconciliation-2026-11.csv");
    expect(attachment!.contentType).toBe("text/csv");
    const page = await getReconciliationReport(await workspace.as("viewer"), { month: "2026-11" });
    expect(attachment!.content.toString("utf8")).toBe(reconciliationCsv(page));
    expect(page.lines).toHaveLength(3);
    // 30 and 12 users and 3 gateways unmapped, at the products' prices.
    expect(mail.text).toContain(`Lines: 3, of which ${page.lines.filter((line) => line.moneyCents !== 0).length}`);
    expect(mail.text).toContain(`Under-billing: ${(page.underBilledCents / 100).toFixed(2)}`);
    const audit = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.workspaceId, workspace.id), eq(auditEvents.action, "reports.emailSent")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ month: "2026-11", trigger: "schedule", recipients, lines: 3 });
    expect(reportMails("2026-11").filter((message) => message.to.includes("quiet@msp.example"))).toHaveLength(0);
  });

  it("a second run the same month sends nothing, on the day or later", async () => {
    for (const at of ["2026-12-05T07:00:00Z", "2026-12-06T06:15:00Z", "2026-12-28T06:15:00Z"]) {
      const result = await runReportDelivery(db, { now: new Date(at) });
      expect(result).toEqual({ sent: 0, failed: 0, skipped: 1 });
    }
    // Two runs at once claim the month once.
    const both = await Promise.all([
      runReportDelivery(db, { now: new Date("2026-12-07T06:15:00Z") }),
      runReportDelivery(db, { now: new Date("2026-12-07T06:15:00Z") }),
    ]);
    expect(both.reduce((sum, result) => sum + result.sent, 0)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reportMails("2026-11")).toHaveLength(1);
    const rows = await db.select().from(reportDeliveries).where(eq(reportDeliveries.workspaceId, workspace.id));
    expect(rows.map((row) => [row.month, row.trigger, row.state])).toEqual([["2026-11", "schedule", "sent"]]);
  });

  it("a month whose send failed is sent by the next run; two runs of a new month send it once", async () => {
    await db.insert(reportDeliveries).values({
      workspaceId: workspace.id,
      month: "2026-12",
      trigger: "schedule",
      recipients,
      state: "failed",
      error: "The mail server refused the message: 451",
    });
    const [first, second] = await Promise.all([
      runReportDelivery(db, { now: new Date("2027-01-05T06:15:00Z") }),
      runReportDelivery(db, { now: new Date("2027-01-05T06:15:00Z") }),
    ]);
    expect(first!.sent + second!.sent).toBe(1);
    await smtp.waitFor((message) => message.subject.includes("report 2026-12"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reportMails("2026-12")).toHaveLength(1);
  });

  it("Send now: the last complete month to the saved recipients at once; a viewer may not", async () => {
    const refused = await sendReportNowAction.execute(workspace.as("viewer"), {});
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    const before = smtp.messages.length;
    const sent = await sendReportNowAction.execute(workspace.as("owner"), {});
    const month = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1))
      .toISOString()
      .slice(0, 7);
    expect(sent).toEqual({ ok: true, data: { month, recipients } });
    await smtp.waitFor((message) => smtp.messages.indexOf(message) >= before && message.subject.includes(month));
    const noRecipients = await sendReportNowAction.execute(quiet.as("owner"), {});
    expect(noRecipients).toMatchObject({ ok: true });
    const fresh = await createTestWorkspace(db, "Report mail new");
    expect(await sendReportNowAction.execute(fresh.as("owner"), {})).toMatchObject({ ok: false, code: "invalid" });
  });
});
