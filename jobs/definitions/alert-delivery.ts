import { z } from "zod";
import { runAlertDelivery } from "@/lib/alerts/run-alert-delivery";
import { defineJob } from "../define-job";

const retryLimit = 6;

/**
 * Sends one alert event (opened, resolved, digest) to one channel and records the outcome in the
 * delivery log. A receiver that fails or cannot be reached is tried again with backoff: 15 s doubling,
 * up to 10 minutes between attempts, 7 attempts in all.
 */
export const alertDeliveryJob = defineJob({
  name: "alert-delivery",
  description: "Delivers one alert event to one webhook or email channel",
  schema: z.object({ workspaceId: z.uuid(), deliveryId: z.uuid() }),
  retry: { limit: retryLimit, delaySeconds: 15, backoff: true, maxDelaySeconds: 600 },
  expireInSeconds: 5 * 60,
  concurrency: 4,
  handler: async (payload, { db, retryCount }) =>
    runAlertDelivery(db, { ...payload, willRetry: retryCount < retryLimit }),
});
