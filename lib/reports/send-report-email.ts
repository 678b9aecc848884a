import type { Database } from "@/db";
import { findWorkspaceName } from "@/db/queries/alert-facts";
import { recordAuditEvent } from "@/db/queries/audit";
import { updateReportDelivery } from "@/db/queries/report-deliveries";
import { sendChannelEmail, type EmailOutcome } from "@/lib/alerts/send-alert-email";
import { reconcileMonth } from "./reconcile-month";
import { reconciliationCsv } from "./reconciliation-csv";
import { renderReportEmail, reportCsvFilename } from "./report-email";

/**
 * Sends one delivery's email: the month's reconciliation (every line, unfiltered, as the page's CSV
 * export has it) attached as CSV, through the alerts' email channel; records the outcome on the
 * delivery and in the audit log.
 */
export async function sendReportEmail(
  db: Database,
  params: {
    workspaceId: string;
    deliveryId: string;
    month: string;
    recipients: string[];
    trigger: "schedule" | "manual";
    actorUserId: string | null;
    now: Date;
  },
): Promise<EmailOutcome> {
  const { workspaceId, month, recipients, now } = params;
  const report = await reconcileMonth(db, { workspaceId, month, today: now.toISOString().slice(0, 10) });
  const workspaceName = (await findWorkspaceName(db, { workspaceId })) ?? "Workspace";
  const outcome = await sendChannelEmail(recipients, {
    ...renderReportEmail({ workspaceName, report }),
    attachments: [
      {
        filename: reportCsvFilename(month),
        content: reconciliationCsv(report),
        contentType: "text/csv; charset=utf-8",
      },
    ],
  });
  await updateReportDelivery(db, {
    workspaceId,
    deliveryId: params.deliveryId,
    state: outcome.delivered ? "sent" : "failed",
    error: outcome.error,
    at: new Date(),
  });
  await recordAuditEvent(db, {
    workspaceId,
    actorUserId: params.actorUserId,
    action: outcome.delivered ? "reports.emailSent" : "reports.emailFailed",
    targetType: "report_delivery",
    targetId: params.deliveryId,
    details: { month, trigger: params.trigger, recipients, lines: report.lines.length, error: outcome.error },
  });
  return outcome;
}
