import { z } from "zod";
import { runAlertDigest } from "@/lib/alerts/run-alert-digest";
import { defineJob } from "../define-job";

/** Hourly: sends the daily digest of the workspaces that chose this hour (UTC). */
export const alertDigestJob = defineJob({
  name: "alert-digest",
  description: "Sends each workspace's daily alert digest at its chosen hour",
  schema: z.object({}),
  retry: { limit: 2, delaySeconds: 60, backoff: false },
  policy: "singleton",
  expireInSeconds: 15 * 60,
  concurrency: 1,
  schedule: { cron: "2 * * * *", payload: {} },
  handler: async (_payload, { db }) => runAlertDigest(db),
});
