import type { Database } from "@/db";
import { findAlertDelivery, updateAlertDelivery } from "@/db/queries/alerts";
import { logFor } from "@/lib/logging/logger";
import { recordAlertDelivery } from "@/lib/metrics/registry";
import type { AlertEventPayload } from "./alert-events";
import { deliverToChannel } from "./deliver-to-channel";

/** A delivery attempt that failed and will be tried again by the job's retry policy. */
export class RetryableDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RetryableDeliveryError";
  }
}

export interface DeliveryResult {
  state: "delivered" | "failed" | "pending";
  responseStatus: number | null;
  error: string | null;
}

/**
 * Sends one logged delivery and records the attempt (response code, error). Throws
 * RetryableDeliveryError when it failed and `willRetry` (the delivery stays pending); otherwise marks
 * it failed. A delivery already delivered is not sent again.
 */
export async function runAlertDelivery(
  db: Database,
  params: { workspaceId: string; deliveryId: string; willRetry: boolean; now?: Date },
): Promise<DeliveryResult> {
  const found = await findAlertDelivery(db, params);
  if (!found) return { state: "failed", responseStatus: null, error: "The delivery or its channel was deleted." };
  const { delivery, channel } = found;
  if (delivery.state === "delivered")
    return { state: "delivered", responseStatus: delivery.responseStatus, error: null };
  const log = logFor({ workspaceId: params.workspaceId, deliveryId: delivery.id, channelId: channel.id });
  const attemptedAt = params.now ?? new Date();
  const outcome = channel.enabled
    ? await deliverToChannel(channel, delivery.payload as AlertEventPayload)
    : { delivered: false, status: null, error: "The channel is turned off." };
  const retrying =
    !outcome.delivered && params.willRetry && channel.enabled && !("permanent" in outcome && outcome.permanent);
  const state = outcome.delivered ? "delivered" : retrying ? "pending" : "failed";
  await updateAlertDelivery(db, {
    workspaceId: params.workspaceId,
    deliveryId: delivery.id,
    values: {
      state,
      attempts: delivery.attempts + 1,
      responseStatus: outcome.status,
      error: outcome.error,
      lastAttemptAt: attemptedAt,
      ...(outcome.delivered ? { deliveredAt: attemptedAt } : {}),
    },
  });
  recordAlertDelivery(channel.kind, outcome.delivered ? "delivered" : retrying ? "retrying" : "failed");
  log.info(
    { eventType: delivery.eventType, channelKind: channel.kind, status: outcome.status, state },
    outcome.delivered ? "alert delivered" : "alert delivery failed",
  );
  if (retrying) throw new RetryableDeliveryError(outcome.error ?? "The delivery failed.");
  return { state, responseStatus: outcome.status, error: outcome.error };
}
