import { z } from "zod";
import { listConnectedWorkspaceIds } from "@/db/queries/catalog";
import { CATALOG_SYNC_STALE_SECONDS, runCatalogSync } from "@/lib/catalog/run-catalog-sync";
import { defineJob, PermanentJobError } from "../define-job";

const catalogSyncRetryLimit = 4;

export const catalogSyncTriggers = ["apply", "settings", "manual", "catalog-change", "schedule"] as const;

/**
 * Publishes the workspace's vendor catalog into its ConnectWise product catalog. Without a workspace
 * (the daily schedule) it enqueues one run per connected workspace instead, so each keeps its own
 * singleton key and one slow tenant does not hold up the others.
 */
export const catalogSyncJob = defineJob({
  name: "catalog-sync",
  description: "Publish the vendor catalog into ConnectWise's product catalog",
  schema: z.object({ workspaceId: z.uuid().optional(), trigger: z.enum(catalogSyncTriggers).default("schedule") }),
  retry: { limit: catalogSyncRetryLimit, delaySeconds: 30, backoff: true, maxDelaySeconds: 15 * 60 },
  // One queued and one running per singleton key (the workspace): a change during a run queues exactly one more.
  policy: "stately",
  expireInSeconds: CATALOG_SYNC_STALE_SECONDS,
  concurrency: 2,
  schedule: { cron: "20 3 * * *", payload: { trigger: "schedule" } },
  handler: async (payload, { db, jobId, retryCount, log }) => {
    if (!payload.workspaceId) {
      // Imported here: the enqueue helper imports the job runtime, which imports the registry, which imports this file.
      const { enqueueCatalogSync } = await import("@/lib/catalog/enqueue-catalog-sync");
      const workspaceIds = await listConnectedWorkspaceIds(db);
      for (const workspaceId of workspaceIds) await enqueueCatalogSync(db, { workspaceId, trigger: payload.trigger });
      log("daily catalog publish enqueued", { workspaces: workspaceIds.length });
      return { enqueued: workspaceIds.length };
    }
    const outcome = await runCatalogSync(db, {
      workspaceId: payload.workspaceId,
      jobId,
      trigger: payload.trigger,
      attempt: retryCount,
      finalAttempt: retryCount >= catalogSyncRetryLimit,
      log,
    });
    if (outcome.status === "busy") throw new Error(`${outcome.message} This one will try again.`);
    if (outcome.status === "failed") {
      if (outcome.retry) throw new Error(outcome.message);
      throw new PermanentJobError(outcome.message);
    }
    return outcome;
  },
});
