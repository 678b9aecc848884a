import { runAlertDigest } from "@/lib/alerts/run-alert-digest";
import { defineJob } from "../define-job";
import { alertDigestQueue } from "../queues";

/** Hourly: sends the daily digest of the workspaces that chose this hour (UTC). */
export const alertDigestJob = defineJob({
  ...alertDigestQueue,
  concurrency: 1,
  schedule: { cron: "2 * * * *", payload: {} },
  handler: async (_payload, { db }) => runAlertDigest(db),
});
