/**
 * Every job queue: name, payload schema and queue options. Sending a job (lib/<domain>/enqueue-*.ts via
 * jobs/send.ts) needs only these; the handlers bind to them in jobs/definitions/ and run in workers.
 */
import { z } from "zod";
import { defineQueue, type JobQueue } from "./define-job";

/** A catalog publish that has not finished in this long is considered dead (and its job expired). */
export const CATALOG_SYNC_STALE_SECONDS = 15 * 60;

export const catalogSyncTriggers = ["apply", "settings", "manual", "catalog-change", "schedule"] as const;

/**
 * Publishes the workspace's vendor catalog into its ConnectWise product catalog; without a workspace (the
 * daily schedule) it fans out to every connected workspace.
 */
export const catalogSyncQueue = defineQueue({
  name: "catalog-sync",
  description: "Publish the vendor catalog into ConnectWise's product catalog",
  schema: z.object({ workspaceId: z.uuid().optional(), trigger: z.enum(catalogSyncTriggers).default("schedule") }),
  retry: { limit: 4, delaySeconds: 30, backoff: true, maxDelaySeconds: 15 * 60 },
  // One queued and one running per singleton key (the workspace): a change during a run queues exactly one more.
  policy: "stately",
  expireInSeconds: CATALOG_SYNC_STALE_SECONDS,
});

export const directoryRefreshQueue = defineQueue({
  name: "connectwise-directory-refresh",
  description:
    "Refresh the cached ConnectWise company and agreement directory (one workspace, or every connected one on schedule)",
  schema: z.object({ workspaceId: z.uuid().optional() }),
  retry: { limit: 3, delaySeconds: 60, backoff: true, maxDelaySeconds: 900 },
  // One queued and one running per workspace (singletonKey), never two passes over the same cache at once.
  policy: "stately",
  expireInSeconds: 60 * 60,
});

/**
 * One organization's usage sync (DESIGN.md §4). At most one job per mapping is queued and one active
 * ("stately" policy, singleton key = mapping id).
 */
/**
 * Priorities of organization syncs. Runs someone asked for ("Sync now", an approval applied) come
 * before every scheduled or bulk run, and part of each worker's capacity takes only them, so a
 * "Sync now" starts at once however long another workspace's backlog is.
 */
export const organizationSyncPriority = { requested: 10, background: 0 } as const;

export const organizationSyncQueue = defineQueue({
  name: "organization-sync",
  description: "Reconciles one organization's usage with the additions on its mapped ConnectWise agreement",
  schema: z.object({ workspaceId: z.uuid(), mappingId: z.uuid(), runId: z.uuid() }),
  // Transient failures (429, 5xx, timeouts) retry with exponential backoff and jitter from 5 s
  // (pg-boss: 5 × 2^n), up to 10 min; the client has already waited out any Retry-After.
  retry: { limit: 5, delaySeconds: 5, backoff: true, maxDelaySeconds: 600 },
  policy: "stately",
  expireInSeconds: 15 * 60,
  // A worker killed mid-run is noticed within about a minute, and its run is retried elsewhere.
  heartbeatSeconds: 20,
});

export const recordUsageHistoryQueue = defineQueue({
  name: "record-usage-history",
  description: "Daily snapshot of current usage into usage history",
  schema: z.object({ workspaceId: z.uuid().optional() }),
  retry: { limit: 5, delaySeconds: 60, backoff: true },
});

export const syncSchedulerTickQueue = defineQueue({
  name: "sync-scheduler-tick",
  description: "Enqueues the organization syncs that are due",
  schema: z.object({}),
  // A missed tick is made up by the next one a minute later.
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  expireInSeconds: 5 * 60,
});

export const pruneAuditEventsQueue = defineQueue({
  name: "prune-audit-events",
  description: "Daily deletion of audit events past their retention",
  schema: z.object({}),
  retry: { limit: 5, delaySeconds: 60, backoff: true },
});

/** Every minute: opens and resolves each workspace's alerts. */
export const alertEvaluationQueue = defineQueue({
  name: "alert-evaluation",
  description: "Opens and resolves alerts from each workspace's rules",
  schema: z.object({}),
  // A missed evaluation is made up by the next one a minute later.
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  policy: "singleton",
  expireInSeconds: 5 * 60,
});

/**
 * One alert event to one channel. A receiver that fails or cannot be reached is tried again with
 * backoff: 15 s doubling, up to 10 minutes between attempts, 7 attempts in all.
 */
export const alertDeliveryQueue = defineQueue({
  name: "alert-delivery",
  description: "Delivers one alert event to one webhook or email channel",
  schema: z.object({ workspaceId: z.uuid(), deliveryId: z.uuid() }),
  retry: { limit: 6, delaySeconds: 15, backoff: true, maxDelaySeconds: 600 },
  expireInSeconds: 5 * 60,
});

/** Hourly: the daily digest of the workspaces that chose this hour (UTC). */
export const alertDigestQueue = defineQueue({
  name: "alert-digest",
  description: "Sends each workspace's daily alert digest at its chosen hour",
  schema: z.object({}),
  retry: { limit: 2, delaySeconds: 60, backoff: false },
  policy: "singleton",
  expireInSeconds: 15 * 60,
});

/** Daily: emails last month's reconciliation report to the workspaces whose chosen day has come. */
export const reportDeliveryQueue = defineQueue({
  name: "report-delivery",
  description: "Emails each workspace's monthly reconciliation report, with its CSV, on the chosen day",
  schema: z.object({}),
  // A month is claimed before it is sent, so a retry sends only what did not go out.
  retry: { limit: 3, delaySeconds: 300, backoff: true },
  policy: "singleton",
  expireInSeconds: 30 * 60,
});

/**
 * A few seconds after the platform reports changed usage: enqueue the workspace's due syncs (the
 * organizations whose usage changed were made due). Stately per workspace (singleton key), so a burst
 * of reports while one sweep waits makes no second one: the waiting sweep picks them all up.
 */
export const usageSyncSweepQueue = defineQueue({
  name: "usage-sync-sweep",
  description: "Enqueues the syncs of organizations whose usage, prices or policies changed",
  schema: z.object({ workspaceId: z.uuid() }),
  policy: "stately",
  // The minute tick is the safety net for a sweep that failed.
  retry: { limit: 1, delaySeconds: 5, backoff: false },
  expireInSeconds: 10 * 60,
});

/** Every 10 minutes: keeps the reconciliation report's kept lines up to date and tidy. */
export const reconciliationUpkeepQueue = defineQueue({
  name: "reconciliation-upkeep",
  description: "Brings the reconciliation report's kept running months up to date; drops unread months",
  schema: z.object({}),
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  policy: "singleton",
});

/** Every queue, created (or updated) when the process first sends or works a job. */
export const jobQueues: ReadonlyArray<JobQueue> = [
  catalogSyncQueue,
  directoryRefreshQueue,
  organizationSyncQueue,
  recordUsageHistoryQueue,
  syncSchedulerTickQueue,
  pruneAuditEventsQueue,
  alertEvaluationQueue,
  alertDeliveryQueue,
  alertDigestQueue,
  usageSyncSweepQueue,
  reportDeliveryQueue,
  reconciliationUpkeepQueue,
];
