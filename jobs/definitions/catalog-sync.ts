import { enqueueCatalogSyncForEveryWorkspace } from "@/lib/catalog/enqueue-catalog-sync";
import { runCatalogSync } from "@/lib/catalog/run-catalog-sync";
import { defineJob, PermanentJobError } from "../define-job";
import { catalogSyncQueue } from "../queues";

/**
 * Publishes the workspace's vendor catalog (lib/catalog/run-catalog-sync.ts). Without a workspace (the
 * daily schedule) it enqueues one run per connected workspace instead.
 */
export const catalogSyncJob = defineJob({
  ...catalogSyncQueue,
  concurrency: 2,
  schedule: { cron: "20 3 * * *", payload: { trigger: "schedule" } },
  handler: async (payload, { db, jobId, retryCount, log }) => {
    if (!payload.workspaceId) {
      const enqueued = await enqueueCatalogSyncForEveryWorkspace(db, { trigger: payload.trigger });
      log("daily catalog publish enqueued", { workspaces: enqueued });
      return { enqueued };
    }
    const outcome = await runCatalogSync(db, {
      workspaceId: payload.workspaceId,
      jobId,
      trigger: payload.trigger,
      attempt: retryCount,
      finalAttempt: retryCount >= catalogSyncQueue.retry.limit,
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
