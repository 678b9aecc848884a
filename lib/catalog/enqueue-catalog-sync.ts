import { randomUUID } from "node:crypto";
import type { Database } from "@/db";
import { createCatalogSyncRun, deleteCatalogSyncRun, findActiveCatalogSyncRun } from "@/db/queries/catalog";
import type { CatalogSyncRun } from "@/db/schema";
import { listConnectedWorkspaceIds } from "@/db/queries/connections";
import { catalogSyncQueue } from "@/jobs/queues";
import { sendJob } from "@/jobs/send";
import type { CatalogSyncTrigger } from "./run-catalog-sync";
import { errorFields, getLogger } from "@/lib/logging/logger";

export interface EnqueuedCatalogSync {
  run: CatalogSyncRun | null;
  /** False when a publish was already waiting in the queue, which will pick up this change too. */
  queued: boolean;
}

/**
 * Queues a catalog publish for the workspace. The run row is written before the job is sent (with the
 * same id) so the Catalog tab shows "queued" at once; when pg-boss refuses a second queued job for the
 * workspace (stately policy), the row goes again and the waiting run is returned.
 */
export async function enqueueCatalogSync(
  db: Database,
  params: { workspaceId: string; trigger: CatalogSyncTrigger },
): Promise<EnqueuedCatalogSync> {
  const jobId = randomUUID();
  const run = await createCatalogSyncRun(db, { workspaceId: params.workspaceId, jobId, trigger: params.trigger });
  let sent: string | null;
  try {
    sent = await sendJob(
      catalogSyncQueue,
      { workspaceId: params.workspaceId, trigger: params.trigger },
      { id: jobId, singletonKey: params.workspaceId },
    );
  } catch (error) {
    await deleteCatalogSyncRun(db, { workspaceId: params.workspaceId, runId: run.id });
    throw error;
  }
  if (sent) return { run, queued: true };
  await deleteCatalogSyncRun(db, { workspaceId: params.workspaceId, runId: run.id });
  return { run: await findActiveCatalogSyncRun(db, { workspaceId: params.workspaceId }), queued: false };
}

/**
 * For code that changes the vendor catalog (or the connection): asks for a publish and never fails the
 * caller's own work for it. A publish that could not be queued is logged; the daily run catches up.
 */
export async function requestCatalogSync(
  db: Database,
  params: { workspaceId: string; trigger: CatalogSyncTrigger },
): Promise<void> {
  try {
    await enqueueCatalogSync(db, params);
  } catch (error) {
    getLogger().error({ workspaceId: params.workspaceId, ...errorFields(error) }, "could not queue a catalog publish");
  }
}

/**
 * The daily schedule: one publish per connected workspace, so each keeps its own singleton key and one
 * slow tenant does not hold up the others. Returns how many were enqueued.
 */
export async function enqueueCatalogSyncForEveryWorkspace(
  db: Database,
  params: { trigger: CatalogSyncTrigger },
): Promise<number> {
  const workspaceIds = await listConnectedWorkspaceIds(db);
  for (const workspaceId of workspaceIds) await enqueueCatalogSync(db, { workspaceId, trigger: params.trigger });
  return workspaceIds.length;
}
