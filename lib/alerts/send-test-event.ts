import type { Database } from "@/db";
import { findWorkspaceName } from "@/db/queries/alert-facts";
import { findAlertChannel, insertAlertDeliveries } from "@/db/queries/alerts";
import { SafeError } from "@/lib/errors";
import { buildTestEvent } from "./alert-events";
import { runAlertDelivery, type DeliveryResult } from "./run-alert-delivery";

/**
 * "Send test event": one delivery to the channel, sent now (not queued) so the admin sees the receiver's
 * answer at once; it is logged in the delivery log like any other.
 */
export async function sendTestEvent(
  db: Database,
  params: { workspaceId: string; channelId: string; now?: Date },
): Promise<DeliveryResult> {
  const channel = await findAlertChannel(db, params);
  if (!channel) throw new SafeError("That channel no longer exists.", "not-found");
  const now = params.now ?? new Date();
  const name = (await findWorkspaceName(db, { workspaceId: params.workspaceId })) ?? "Workspace";
  const event = buildTestEvent({ workspace: { id: params.workspaceId, name }, now });
  const [delivery] = await insertAlertDeliveries(db, {
    workspaceId: params.workspaceId,
    deliveries: [{ channelId: channel.id, alertId: null, eventType: "test", payload: event }],
  });
  return runAlertDelivery(db, { workspaceId: params.workspaceId, deliveryId: delivery!.id, willRetry: false, now });
}
