import type { JobDefinition } from "./define-job";
import { recordUsageHistoryJob } from "./definitions/record-usage-history";
import { catalogSyncJob } from "./definitions/catalog-sync";
import { organizationSyncJob } from "./definitions/organization-sync";
import { syncSchedulerTickJob } from "./definitions/sync-scheduler-tick";
import { directoryRefreshJob } from "./definitions/directory-refresh";
import { pruneAuditEventsJob } from "./definitions/prune-audit-events";
import { alertEvaluationJob } from "./definitions/alert-evaluation";
import { alertDeliveryJob } from "./definitions/alert-delivery";
import { alertDigestJob } from "./definitions/alert-digest";
import { usageSyncSweepJob } from "./definitions/usage-sync-sweep";
import { reportDeliveryJob } from "./definitions/report-delivery";
import { reconciliationUpkeepJob } from "./definitions/reconciliation-upkeep";

/** Every job Billbridge runs. A queue is created for each at start. */
export const jobRegistry: ReadonlyArray<JobDefinition> = [
  recordUsageHistoryJob,
  catalogSyncJob,
  directoryRefreshJob,
  organizationSyncJob,
  syncSchedulerTickJob,
  pruneAuditEventsJob,
  alertEvaluationJob,
  alertDeliveryJob,
  alertDigestJob,
  usageSyncSweepJob,
  reportDeliveryJob,
  reconciliationUpkeepJob,
];

export function findJob(name: string): JobDefinition | undefined {
  return jobRegistry.find((job) => job.name === name);
}
