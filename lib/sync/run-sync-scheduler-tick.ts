import type { Database } from "@/db";
import { recordSchedulerTick } from "@/lib/health/worker-heartbeat";
import { enqueueDueSyncs } from "./enqueue-due-syncs";
import { recoverLostSyncJobs } from "./recover-lost-sync-jobs";

/**
 * One scheduler tick: queued runs whose job was lost are sent again (or failed and their mapping made
 * due), then every due mapping is enqueued.
 */
export async function runSyncSchedulerTick(db: Database, params: { now: Date }) {
  await recordSchedulerTick(db, params.now);
  const recovered = await recoverLostSyncJobs(db, params);
  const enqueued = await enqueueDueSyncs(db, params);
  return { ...enqueued, recovered };
}
