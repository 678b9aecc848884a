import type { Database } from "@/db";
import { listConnectedWorkspaceIds } from "@/db/queries/connections";
import { markDirectoryRefreshQueued, recordDirectoryRefreshProgress } from "@/db/queries/directory";
import { directoryRefreshQueue } from "@/jobs/queues";
import { sendJob } from "@/jobs/send";
import { errorFields, getLogger } from "@/lib/logging/logger";

/** Queues a refresh of the workspace's directory unless one is already queued or running. */
export async function enqueueDirectoryRefresh(db: Database, params: { workspaceId: string }): Promise<boolean> {
  const queued = await markDirectoryRefreshQueued(db, params);
  if (!queued) return false;
  try {
    await sendJob(
      directoryRefreshQueue,
      { workspaceId: params.workspaceId },
      { singletonKey: `directory:${params.workspaceId}` },
    );
  } catch (error) {
    await recordDirectoryRefreshProgress(db, {
      workspaceId: params.workspaceId,
      state: "failed",
      error: "The refresh could not be queued. Try again in a moment.",
    });
    throw error;
  }
  return true;
}

/** For Apply: asks for a refresh and never fails the caller for it (the schedule catches up). */
export async function requestDirectoryRefresh(db: Database, params: { workspaceId: string }): Promise<void> {
  try {
    await enqueueDirectoryRefresh(db, params);
  } catch (error) {
    getLogger().error(
      { workspaceId: params.workspaceId, ...errorFields(error) },
      "could not queue a directory refresh",
    );
  }
}

/** The schedule: one refresh per connected workspace. Returns how many workspaces it asked for. */
export async function enqueueDirectoryRefreshForEveryWorkspace(db: Database): Promise<number> {
  const workspaceIds = await listConnectedWorkspaceIds(db);
  for (const workspaceId of workspaceIds) await enqueueDirectoryRefresh(db, { workspaceId });
  return workspaceIds.length;
}
