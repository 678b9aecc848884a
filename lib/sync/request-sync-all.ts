/**
 * "Sync all" for a workspace, through the scheduler's fair path: every enabled, mapped organization is
 * marked to read its agreement now, the workspace's share of the queue (up to its limit of waiting
 * scheduled runs) is queued at once in the scheduler's batches, and the scheduler's following ticks
 * queue the rest round-robin with every other workspace's due runs. One workspace's Sync all therefore
 * never holds back another workspace's runs, and "Sync now" (a higher priority) still starts first.
 */
import type { Database } from "@/db";
import { updateMappingsForSyncAll } from "@/db/queries/sync";
import { describeSyncAll, type SyncAllCounts } from "./describe-sync-all";
import { enqueueDueSyncs } from "./enqueue-due-syncs";

export interface SyncAllRequest extends SyncAllCounts {
  /** What happened, in the admin's words. */
  message: string;
}

export async function requestSyncAll(
  db: Database,
  params: { workspaceId: string; now: Date; perWorkspaceLimit?: number },
): Promise<SyncAllRequest> {
  const marked = await updateMappingsForSyncAll(db, { workspaceId: params.workspaceId, now: params.now });
  const enqueued = await enqueueDueSyncs(db, {
    now: params.now,
    workspaceId: params.workspaceId,
    ...(params.perWorkspaceLimit === undefined ? {} : { perWorkspaceLimit: params.perWorkspaceLimit }),
  });
  const queuedNow = Math.min(enqueued.enqueued, marked.mappings - marked.alreadyQueued);
  const counts: SyncAllCounts = {
    organizations: marked.mappings,
    queuedNow,
    alreadyQueued: marked.alreadyQueued,
    following: marked.mappings - marked.alreadyQueued - queuedNow,
  };
  return { ...counts, message: describeSyncAll(counts) };
}
