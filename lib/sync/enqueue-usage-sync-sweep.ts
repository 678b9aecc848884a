import { usageSyncSweepQueue } from "@/jobs/queues";
import { sendJob } from "@/jobs/send";
import { errorFields, logFor } from "@/lib/logging/logger";

/**
 * Seconds a sweep waits after the first changed report, so a burst of reports (a platform pushing
 * every organization one by one) becomes one sweep, and each organization one run.
 */
export const usageSyncDebounceSeconds = 10;

/**
 * Asks for a sweep of the workspace's due syncs shortly (deduplicated per workspace while one waits).
 * Never fails the caller's report: the minute tick enqueues due mappings anyway.
 */
export async function enqueueUsageSyncSweep(params: { workspaceId: string }): Promise<void> {
  try {
    await sendJob(
      usageSyncSweepQueue,
      { workspaceId: params.workspaceId },
      { singletonKey: params.workspaceId, startAfter: usageSyncDebounceSeconds },
    );
  } catch (error) {
    logFor({ workspaceId: params.workspaceId }).error(errorFields(error), "could not queue the usage sync sweep");
  }
}
