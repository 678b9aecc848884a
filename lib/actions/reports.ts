import { recordAuditEvent } from "@/db/queries/audit";
import { findReportSchedule, insertReportDelivery, upsertReportSchedule } from "@/db/queries/report-deliveries";
import { defineWorkspaceAction } from "@/lib/actions/define-action";
import { SafeError } from "@/lib/errors";
import { lastCompleteMonth } from "@/lib/reports/report-email";
import { sendReportEmail } from "@/lib/reports/send-report-email";
import { reportScheduleSchema, sendReportNowSchema } from "@/lib/schemas/reports";

/** Saves the monthly report email: on or off, the recipients and the day of the month (owners and admins). */
export const saveReportScheduleAction = defineWorkspaceAction({
  name: "reports.saveSchedule",
  role: "admin",
  schema: reportScheduleSchema,
  run: async (context, input) => {
    await upsertReportSchedule(context.db, { workspaceId: context.workspace.id, ...input });
    await recordAuditEvent(context.db, {
      workspaceId: context.workspace.id,
      actorUserId: context.user.id,
      action: "reports.saveSchedule",
      targetType: "report_schedule",
      details: { enabled: input.enabled, recipients: input.recipients, dayOfMonth: input.dayOfMonth },
    });
    return { saved: true };
  },
});

/** "Send now": emails the last complete month's report to the saved recipients at once. */
export const sendReportNowAction = defineWorkspaceAction({
  name: "reports.sendNow",
  role: "admin",
  schema: sendReportNowSchema,
  run: async (context) => {
    const workspaceId = context.workspace.id;
    const schedule = await findReportSchedule(context.db, { workspaceId });
    if (!schedule || schedule.recipients.length === 0) {
      throw new SafeError("Save at least one recipient first.", "invalid");
    }
    const now = new Date();
    const month = lastCompleteMonth(now);
    const deliveryId = await insertReportDelivery(context.db, {
      workspaceId,
      month,
      recipients: schedule.recipients,
      now,
    });
    const outcome = await sendReportEmail(context.db, {
      workspaceId,
      deliveryId,
      month,
      recipients: schedule.recipients,
      trigger: "manual",
      actorUserId: context.user.id,
      now,
    });
    if (!outcome.delivered) throw new SafeError(outcome.error ?? "The report could not be sent.", "unavailable");
    return { month, recipients: schedule.recipients };
  },
});

export const reportActions = [saveReportScheduleAction, sendReportNowAction];
