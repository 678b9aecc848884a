import type { Database } from "@/db";
import { insertAlertDeliveries } from "@/db/queries/alerts";
import type { AlertChannel } from "@/db/schema";
import { alertDeliveryQueue } from "@/jobs/queues";
import { sendJob } from "@/jobs/send";
import type { AlertEventPayload } from "./alert-events";

/**
 * Logs one delivery of the event per channel (pending) and queues the job that sends each. The log row
 * comes first, so a delivery that is never sent still shows in the log as pending.
 */
export async function enqueueAlertDeliveries(
  db: Database,
  params: { workspaceId: string; channels: AlertChannel[]; event: AlertEventPayload; alertId: string | null },
): Promise<string[]> {
  const rows = await insertAlertDeliveries(db, {
    workspaceId: params.workspaceId,
    deliveries: params.channels.map((channel) => ({
      channelId: channel.id,
      alertId: params.alertId,
      eventType: params.event.type,
      payload: params.event,
    })),
  });
  for (const row of rows) {
    await sendJob(alertDeliveryQueue, { workspaceId: params.workspaceId, deliveryId: row.id }, { id: row.id });
  }
  return rows.map((row) => row.id);
}
