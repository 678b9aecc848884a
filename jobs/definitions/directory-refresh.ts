import { enqueueDirectoryRefreshForEveryWorkspace } from "@/lib/mapping/enqueue-directory-refresh";
import { isPermanentDirectoryRefreshFailure, runDirectoryRefresh } from "@/lib/mapping/run-directory-refresh";
import { defineJob, PermanentJobError } from "../define-job";
import { directoryRefreshQueue } from "../queues";

/** Refreshes a workspace's cached ConnectWise directory (lib/mapping/run-directory-refresh.ts), or every one on schedule. */
export const directoryRefreshJob = defineJob({
  ...directoryRefreshQueue,
  concurrency: 2,
  schedule: { cron: "23 */4 * * *", payload: {} },
  handler: async (payload, { db, log, retryCount }) => {
    if (!payload.workspaceId) {
      const scheduled = await enqueueDirectoryRefreshForEveryWorkspace(db);
      log("directory refresh scheduled", { workspaces: scheduled });
      return { scheduled };
    }
    try {
      const result = await runDirectoryRefresh(db, {
        workspaceId: payload.workspaceId,
        finalAttempt: retryCount >= directoryRefreshQueue.retry.limit,
      });
      log("directory refreshed", result);
      return result;
    } catch (error) {
      if (isPermanentDirectoryRefreshFailure(error)) throw new PermanentJobError(error.message);
      throw error;
    }
  },
});
