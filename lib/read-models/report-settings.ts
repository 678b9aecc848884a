import type { Database } from "@/db";
import { findReportSchedule, listReportDeliveries } from "@/db/queries/report-deliveries";
import { isMailConfigured } from "@/lib/mail";
import { lastCompleteMonth } from "@/lib/reports/report-email";

/** Settings › Report email: the schedule (defaults when never saved) and the last 24 emails sent. */
export async function getReportSettings(db: Database, params: { workspaceId: string; now?: Date }) {
  const [schedule, deliveries] = await Promise.all([
    findReportSchedule(db, params),
    listReportDeliveries(db, { workspaceId: params.workspaceId, limit: 24 }),
  ]);
  return {
    enabled: schedule?.enabled ?? false,
    recipients: schedule?.recipients ?? [],
    dayOfMonth: schedule?.dayOfMonth ?? 1,
    mailConfigured: isMailConfigured(),
    lastCompleteMonth: lastCompleteMonth(params.now ?? new Date()),
    deliveries: deliveries.map((delivery) => ({
      id: delivery.id,
      month: delivery.month,
      trigger: delivery.trigger,
      recipients: delivery.recipients,
      state: delivery.state,
      error: delivery.error,
      at: (delivery.sentAt ?? delivery.claimedAt).toISOString(),
    })),
  };
}

export type ReportSettingsView = Awaited<ReturnType<typeof getReportSettings>>;
