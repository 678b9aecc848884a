import { z } from "zod";
import { runAlertEvaluation } from "@/lib/alerts/run-alert-evaluation";
import { defineJob } from "../define-job";

/** Every minute: evaluates every workspace's alert rules, opening and resolving alerts. */
export const alertEvaluationJob = defineJob({
  name: "alert-evaluation",
  description: "Opens and resolves alerts from each workspace's rules",
  schema: z.object({}),
  // A missed evaluation is made up by the next one a minute later.
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  policy: "singleton",
  expireInSeconds: 5 * 60,
  concurrency: 1,
  schedule: { cron: "* * * * *", payload: {} },
  handler: async (_payload, { db }) => runAlertEvaluation(db),
});
