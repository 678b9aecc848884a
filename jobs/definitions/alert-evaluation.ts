import { runAlertEvaluation } from "@/lib/alerts/run-alert-evaluation";
import { defineJob } from "../define-job";
import { alertEvaluationQueue } from "../queues";

/** Every minute: evaluates every workspace's alert rules, opening and resolving alerts. */
export const alertEvaluationJob = defineJob({
  ...alertEvaluationQueue,
  concurrency: 1,
  schedule: { cron: "* * * * *", payload: {} },
  handler: async (_payload, { db }) => runAlertEvaluation(db),
});
