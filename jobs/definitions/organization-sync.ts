import { z } from "zod";
import { PermanentSyncError, recordInterruptedRun, runOrganizationSync } from "@/lib/sync/run-organization-sync";
import { defineJob, PermanentJobError } from "../define-job";

const retryLimit = 5;

/**
 * One organization's usage sync (DESIGN.md §4). The run row is created when the job is enqueued
 * (lib/operations/sync.ts enqueueOrganizationSync); the job moves it through running to its end.
 * At most one job per mapping is queued and one active ("stately" policy, singleton key = mapping
 * id); the handler also holds the mapping's advisory lock, so runs never overlap.
 */
export const organizationSyncJob = defineJob({
  name: "organization-sync",
  description: "Reconciles one organization's usage with the additions on its mapped ConnectWise agreement",
  schema: z.object({ workspaceId: z.uuid(), mappingId: z.uuid(), runId: z.uuid() }),
  // Transient failures (429, 5xx, timeouts) retry with exponential backoff and jitter from 5 s
  // (pg-boss: 5 × 2^n), up to 10 min; the client has already waited out any Retry-After.
  retry: { limit: retryLimit, delaySeconds: 5, backoff: true, maxDelaySeconds: 600 },
  policy: "stately",
  expireInSeconds: 15 * 60,
  // A worker killed mid-run is noticed within about a minute, and its run is retried elsewhere.
  heartbeatSeconds: 20,
  // Runs per worker process. ConnectWise itself sees at most CW_MAX_CONCURRENCY requests at once
  // (the shared limiter), so this only has to keep that budget busy. Each run holds one database
  // connection for its mapping lock: keep this well under the process pool (db/index.ts, 20).
  concurrency: 8,
  handler: async (payload, { db, retryCount, log }) => {
    try {
      const outcome = await runOrganizationSync(db, {
        ...payload,
        attempt: retryCount,
        willRetry: retryCount < retryLimit,
      });
      if (outcome.state === "failed") throw new PermanentJobError(outcome.error ?? "The sync failed.");
      log("organization synced", { runId: outcome.runId, ...outcome.summary });
      return outcome;
    } catch (error) {
      if (error instanceof PermanentSyncError) throw new PermanentJobError(error.message);
      throw error;
    }
  },
  interrupted: (payload, { db, willRetry }) => recordInterruptedRun(db, { ...payload, willRetry }),
});
