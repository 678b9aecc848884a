import type { Database } from "@/db";
import { claimScheduledReportDelivery, listDueReportSchedules } from "@/db/queries/report-deliveries";
import { errorFields, logFor } from "@/lib/logging/logger";
import { lastCompleteMonth } from "./report-email";
import { sendReportEmail } from "./send-report-email";

/** A claim older than this whose email never finished (the sender stopped) may be taken over. */
const staleClaimMs = 60 * 60_000;

/**
 * Daily: emails last month's reconciliation report to every workspace whose chosen day has come and
 * whose month was not sent yet. The month's one scheduled delivery row is claimed before sending, so
 * a second run (or a second worker) sends nothing; a failed send is tried again by the next run.
 */
export async function runReportDelivery(
  db: Database,
  params: { now?: Date } = {},
): Promise<{ sent: number; failed: number; skipped: number }> {
  const now = params.now ?? new Date();
  const month = lastCompleteMonth(now);
  const log = logFor({ job: "report-delivery" });
  const result = { sent: 0, failed: 0, skipped: 0 };
  for (const schedule of await listDueReportSchedules(db, { dayOfMonth: now.getUTCDate() })) {
    const deliveryId = await claimScheduledReportDelivery(db, {
      workspaceId: schedule.workspaceId,
      month,
      recipients: schedule.recipients,
      now,
      staleBefore: new Date(now.getTime() - staleClaimMs),
    });
    if (!deliveryId) {
      result.skipped += 1;
      continue;
    }
    try {
      const outcome = await sendReportEmail(db, {
        workspaceId: schedule.workspaceId,
        deliveryId,
        month,
        recipients: schedule.recipients,
        trigger: "schedule",
        actorUserId: null,
        now,
      });
      if (outcome.delivered) result.sent += 1;
      else result.failed += 1;
    } catch (error) {
      result.failed += 1;
      log.error({ workspaceId: schedule.workspaceId, month, ...errorFields(error) }, "report email failed");
    }
  }
  return result;
}
