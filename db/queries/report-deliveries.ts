import { and, desc, eq, lte, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { reportDeliveries, reportSchedules } from "@/db/schema";

export async function findReportSchedule(db: Database, params: { workspaceId: string }) {
  const [row] = await db.select().from(reportSchedules).where(eq(reportSchedules.workspaceId, params.workspaceId));
  return row ?? null;
}

export async function upsertReportSchedule(
  db: Database,
  params: { workspaceId: string; enabled: boolean; recipients: string[]; dayOfMonth: number },
): Promise<void> {
  const values = { enabled: params.enabled, recipients: params.recipients, dayOfMonth: params.dayOfMonth };
  await db
    .insert(reportSchedules)
    .values({ workspaceId: params.workspaceId, ...values })
    .onConflictDoUpdate({ target: reportSchedules.workspaceId, set: { ...values, updatedAt: new Date() } });
}

/**
 * The workspaces (across the installation) whose report email is on, has recipients and whose day of
 * the month has come (`dayOfMonth` or earlier, so a day the job missed is made up the next day).
 */
export async function listDueReportSchedules(db: Database, params: { dayOfMonth: number }) {
  return db
    .select()
    .from(reportSchedules)
    .where(
      and(
        eq(reportSchedules.enabled, true),
        lte(reportSchedules.dayOfMonth, params.dayOfMonth),
        sql`cardinality(${reportSchedules.recipients}) > 0`,
      ),
    );
}

/**
 * Claims the scheduled email of a workspace's month: inserts its one scheduled row, or takes over a
 * row whose send failed or whose sender stopped before finishing (claimed before `staleBefore`).
 * Returns the row's id, or null when the month was sent (or is being sent) already.
 */
export async function claimScheduledReportDelivery(
  db: Database,
  params: { workspaceId: string; month: string; recipients: string[]; now: Date; staleBefore: Date },
): Promise<string | null> {
  const [row] = await db
    .insert(reportDeliveries)
    .values({
      workspaceId: params.workspaceId,
      month: params.month,
      trigger: "schedule",
      recipients: params.recipients,
      state: "sending",
      claimedAt: params.now,
    })
    .onConflictDoUpdate({
      target: [reportDeliveries.workspaceId, reportDeliveries.month],
      targetWhere: sql`${reportDeliveries.trigger} = 'schedule'`,
      set: { state: "sending", recipients: params.recipients, claimedAt: params.now, error: null },
      setWhere: sql`${reportDeliveries.workspaceId} = ${params.workspaceId} and (${reportDeliveries.state} = 'failed'
        or (${reportDeliveries.state} = 'sending' and ${reportDeliveries.claimedAt} < ${params.staleBefore.toISOString()}::timestamptz))`,
    })
    .returning({ id: reportDeliveries.id });
  return row?.id ?? null;
}

/** A report email sent by a person ("Send now"): one row per send. */
export async function insertReportDelivery(
  db: Database,
  params: { workspaceId: string; month: string; recipients: string[]; now: Date },
): Promise<string> {
  const [row] = await db
    .insert(reportDeliveries)
    .values({
      workspaceId: params.workspaceId,
      month: params.month,
      trigger: "manual",
      recipients: params.recipients,
      state: "sending",
      claimedAt: params.now,
    })
    .returning({ id: reportDeliveries.id });
  return row!.id;
}

export async function updateReportDelivery(
  db: Database,
  params: { workspaceId: string; deliveryId: string; state: "sent" | "failed"; error: string | null; at: Date },
): Promise<void> {
  await db
    .update(reportDeliveries)
    .set({ state: params.state, error: params.error, sentAt: params.state === "sent" ? params.at : null })
    .where(and(eq(reportDeliveries.workspaceId, params.workspaceId), eq(reportDeliveries.id, params.deliveryId)));
}

export async function listReportDeliveries(db: Database, params: { workspaceId: string; limit: number }) {
  return db
    .select()
    .from(reportDeliveries)
    .where(eq(reportDeliveries.workspaceId, params.workspaceId))
    .orderBy(desc(reportDeliveries.claimedAt))
    .limit(params.limit);
}
