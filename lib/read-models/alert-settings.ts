import type { Database } from "@/db";
import { findAlertSettings, listAlertChannels, listAlertDeliveries, listRecentAlerts } from "@/db/queries/alerts";
import { describeRule, resolveAlertRules } from "@/lib/alerts/alert-rules";

/** Settings › Alerts: rules, digest, channels (never a secret), recent alerts and the delivery log. */
export async function getAlertSettings(db: Database, params: { workspaceId: string }) {
  const [settings, channels, alerts, deliveries] = await Promise.all([
    findAlertSettings(db, params),
    listAlertChannels(db, params),
    listRecentAlerts(db, { ...params, limit: 20 }),
    listAlertDeliveries(db, { ...params, limit: 50 }),
  ]);
  return {
    rules: resolveAlertRules(settings?.rules),
    digestEnabled: settings?.digestEnabled ?? false,
    digestHourUtc: settings?.digestHourUtc ?? 7,
    lastDigestAt: settings?.lastDigestAt?.toISOString() ?? null,
    channels: channels.map((channel) => ({
      id: channel.id,
      kind: channel.kind,
      name: channel.name,
      target: channel.kind === "webhook" ? (channel.url ?? "") : channel.recipients.join(", "),
      enabled: channel.enabled,
      createdAt: channel.createdAt.toISOString(),
    })),
    alerts: alerts.map((alert) => ({
      id: alert.id,
      ruleLabel: describeRule(alert.rule),
      subject: alert.subjectLabel,
      message: alert.message,
      state: alert.state,
      openedAt: alert.openedAt.toISOString(),
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    })),
    deliveries: deliveries.map((delivery) => ({
      id: delivery.id,
      channelName: delivery.channelName,
      channelKind: delivery.channelKind,
      eventType: delivery.eventType,
      subject: delivery.alertSubject ?? null,
      ruleLabel: delivery.alertRule ? describeRule(delivery.alertRule) : null,
      state: delivery.state,
      attempts: delivery.attempts,
      responseStatus: delivery.responseStatus,
      error: delivery.error,
      createdAt: delivery.createdAt.toISOString(),
      lastAttemptAt: delivery.lastAttemptAt?.toISOString() ?? null,
    })),
  };
}

export type AlertSettingsView = Awaited<ReturnType<typeof getAlertSettings>>;
