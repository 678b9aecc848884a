import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Database } from "../index";
import {
  alertChannels,
  alertDeliveries,
  alertSettings,
  alerts,
  type AlertRuleSettings,
  type NewAlert,
  type NewAlertChannel,
  type NewAlertDelivery,
} from "../schema";

export async function findAlertSettings(db: Database, params: { workspaceId: string }) {
  const [row] = await db.select().from(alertSettings).where(eq(alertSettings.workspaceId, params.workspaceId));
  return row ?? null;
}

export async function upsertAlertSettings(
  db: Database,
  params: { workspaceId: string; rules: AlertRuleSettings; digestEnabled: boolean; digestHourUtc: number },
) {
  const values = {
    rules: params.rules,
    digestEnabled: params.digestEnabled,
    digestHourUtc: params.digestHourUtc,
    updatedAt: new Date(),
  };
  await db
    .insert(alertSettings)
    .values({ workspaceId: params.workspaceId, ...values })
    .onConflictDoUpdate({ target: alertSettings.workspaceId, set: values });
}

/** Marks the digest sent; false when another process already sent this one (since `notBefore`). */
export async function updateDigestSent(
  db: Database,
  params: { workspaceId: string; sentAt: Date; notBefore: Date; rules: AlertRuleSettings },
): Promise<boolean> {
  await db
    .insert(alertSettings)
    .values({ workspaceId: params.workspaceId, rules: params.rules })
    .onConflictDoNothing({ target: alertSettings.workspaceId });
  const rows = await db
    .update(alertSettings)
    .set({ lastDigestAt: params.sentAt })
    .where(
      and(
        eq(alertSettings.workspaceId, params.workspaceId),
        or(isNull(alertSettings.lastDigestAt), lt(alertSettings.lastDigestAt, params.notBefore)),
      ),
    )
    .returning({ workspaceId: alertSettings.workspaceId });
  return rows.length > 0;
}

/** Workspaces whose digest is due at this hour (UTC). */
export async function listDigestWorkspaceIds(db: Database, params: { hourUtc: number }): Promise<string[]> {
  const rows = await db
    .select({ workspaceId: alertSettings.workspaceId })
    .from(alertSettings)
    .where(and(eq(alertSettings.digestEnabled, true), eq(alertSettings.digestHourUtc, params.hourUtc)));
  return rows.map((row) => row.workspaceId);
}

export async function listAlertChannels(db: Database, params: { workspaceId: string; enabledOnly?: boolean }) {
  return db
    .select()
    .from(alertChannels)
    .where(
      and(
        eq(alertChannels.workspaceId, params.workspaceId),
        params.enabledOnly ? eq(alertChannels.enabled, true) : undefined,
      ),
    )
    .orderBy(alertChannels.createdAt);
}

export async function findAlertChannel(db: Database, params: { workspaceId: string; channelId: string }) {
  const [row] = await db
    .select()
    .from(alertChannels)
    .where(and(eq(alertChannels.workspaceId, params.workspaceId), eq(alertChannels.id, params.channelId)));
  return row ?? null;
}

export async function insertAlertChannel(
  db: Database,
  params: { workspaceId: string; values: Omit<NewAlertChannel, "workspaceId" | "id"> },
) {
  const [row] = await db
    .insert(alertChannels)
    .values({ ...params.values, workspaceId: params.workspaceId })
    .returning();
  return row!;
}

export async function updateAlertChannelEnabled(
  db: Database,
  params: { workspaceId: string; channelId: string; enabled: boolean },
): Promise<boolean> {
  const rows = await db
    .update(alertChannels)
    .set({ enabled: params.enabled })
    .where(and(eq(alertChannels.workspaceId, params.workspaceId), eq(alertChannels.id, params.channelId)))
    .returning({ id: alertChannels.id });
  return rows.length > 0;
}

export async function deleteAlertChannel(
  db: Database,
  params: { workspaceId: string; channelId: string },
): Promise<boolean> {
  const rows = await db
    .delete(alertChannels)
    .where(and(eq(alertChannels.workspaceId, params.workspaceId), eq(alertChannels.id, params.channelId)))
    .returning({ id: alertChannels.id });
  return rows.length > 0;
}

export async function listOpenAlerts(db: Database, params: { workspaceId: string }) {
  return db
    .select()
    .from(alerts)
    .where(and(eq(alerts.workspaceId, params.workspaceId), eq(alerts.state, "open")))
    .orderBy(desc(alerts.openedAt));
}

export async function listRecentAlerts(db: Database, params: { workspaceId: string; limit: number }) {
  return db
    .select()
    .from(alerts)
    .where(eq(alerts.workspaceId, params.workspaceId))
    .orderBy(desc(alerts.openedAt))
    .limit(params.limit);
}

/** Opens an alert unless one is already open for the same condition; null when it was. */
export async function insertOpenAlert(
  db: Database,
  params: { workspaceId: string; values: Omit<NewAlert, "workspaceId" | "id" | "state"> },
) {
  const [row] = await db
    .insert(alerts)
    .values({ ...params.values, workspaceId: params.workspaceId, state: "open" })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** Resolves an open alert; null when it was already resolved (by another evaluation). */
export async function updateAlertResolved(
  db: Database,
  params: { workspaceId: string; alertId: string; resolvedAt: Date },
) {
  const [row] = await db
    .update(alerts)
    .set({ state: "resolved", resolvedAt: params.resolvedAt })
    .where(and(eq(alerts.workspaceId, params.workspaceId), eq(alerts.id, params.alertId), eq(alerts.state, "open")))
    .returning();
  return row ?? null;
}

export async function insertAlertDeliveries(
  db: Database,
  params: { workspaceId: string; deliveries: Array<Omit<NewAlertDelivery, "workspaceId" | "id">> },
) {
  if (params.deliveries.length === 0) return [];
  return db
    .insert(alertDeliveries)
    .values(params.deliveries.map((delivery) => ({ ...delivery, workspaceId: params.workspaceId })))
    .returning();
}

export async function findAlertDelivery(db: Database, params: { workspaceId: string; deliveryId: string }) {
  const [row] = await db
    .select({ delivery: alertDeliveries, channel: alertChannels })
    .from(alertDeliveries)
    .innerJoin(alertChannels, eq(alertChannels.id, alertDeliveries.channelId))
    .where(and(eq(alertDeliveries.workspaceId, params.workspaceId), eq(alertDeliveries.id, params.deliveryId)));
  return row ?? null;
}

export async function updateAlertDelivery(
  db: Database,
  params: {
    workspaceId: string;
    deliveryId: string;
    values: Partial<
      Pick<NewAlertDelivery, "state" | "attempts" | "responseStatus" | "error" | "lastAttemptAt" | "deliveredAt">
    >;
  },
) {
  await db
    .update(alertDeliveries)
    .set(params.values)
    .where(and(eq(alertDeliveries.workspaceId, params.workspaceId), eq(alertDeliveries.id, params.deliveryId)));
}

export async function listAlertDeliveries(db: Database, params: { workspaceId: string; limit: number }) {
  return db
    .select({
      id: alertDeliveries.id,
      channelId: alertDeliveries.channelId,
      channelName: alertChannels.name,
      channelKind: alertChannels.kind,
      eventType: alertDeliveries.eventType,
      state: alertDeliveries.state,
      attempts: alertDeliveries.attempts,
      responseStatus: alertDeliveries.responseStatus,
      error: alertDeliveries.error,
      createdAt: alertDeliveries.createdAt,
      lastAttemptAt: alertDeliveries.lastAttemptAt,
      alertId: alertDeliveries.alertId,
      alertRule: alerts.rule,
      alertSubject: alerts.subjectLabel,
    })
    .from(alertDeliveries)
    .innerJoin(alertChannels, eq(alertChannels.id, alertDeliveries.channelId))
    .leftJoin(alerts, eq(alerts.id, alertDeliveries.alertId))
    .where(eq(alertDeliveries.workspaceId, params.workspaceId))
    .orderBy(desc(alertDeliveries.createdAt))
    .limit(params.limit);
}
