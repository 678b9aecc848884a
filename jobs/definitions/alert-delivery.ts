import { runAlertDelivery } from "@/lib/alerts/run-alert-delivery";
import { defineJob } from "../define-job";
import { alertDeliveryQueue } from "../queues";

/** Sends one logged delivery; a failed attempt is retried by the queue's policy until the last one. */
export const alertDeliveryJob = defineJob({
  ...alertDeliveryQueue,
  concurrency: 4,
  handler: async (payload, { db, retryCount }) =>
    runAlertDelivery(db, { ...payload, willRetry: retryCount < alertDeliveryQueue.retry.limit }),
});
