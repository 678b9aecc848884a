import type { Database } from "@/db";
import { pingDatabase } from "@/db/queries/health";
import { findHeartbeatSummary, listQueueCounts } from "@/db/queries/heartbeats";

export const workerSilenceLimitMs = 2 * 60_000;
export const schedulerSilenceLimitMs = 3 * 60_000;

export interface HealthReport {
  status: "ok" | "unhealthy";
  database: "ok" | "unreachable";
  workers: { lastHeartbeatAt: string | null };
  scheduler: { lastTickAt: string | null };
  queues: Record<string, { queued: number; active: number; failed: number }>;
}

/**
 * The system's health for load balancers and monitors: unhealthy (HTTP 503) when the database cannot
 * be reached, no worker has beaten for 2 minutes (or every worker stopped), or the scheduler has not
 * ticked for 3 minutes (counted from the start of the oldest running worker until its first tick).
 * Only timestamps and queue counts: no secrets, no workspace data.
 */
export async function getHealth(db: Database, params: { now?: Date } = {}): Promise<HealthReport> {
  const now = params.now ?? new Date();
  try {
    await pingDatabase(db);
  } catch {
    return {
      status: "unhealthy",
      database: "unreachable",
      workers: { lastHeartbeatAt: null },
      scheduler: { lastTickAt: null },
      queues: {},
    };
  }
  const [beats, queues] = await Promise.all([findHeartbeatSummary(db), listQueueCounts(db).catch(() => [])]);
  const workersAlive =
    beats.lastRunningWorkerBeat !== null &&
    now.getTime() - beats.lastRunningWorkerBeat.getTime() <= workerSilenceLimitMs;
  const schedulerReference = [beats.lastTick, beats.earliestRunningWorkerStart]
    .filter((value): value is Date => value !== null)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  const schedulerAlive =
    schedulerReference !== undefined && now.getTime() - schedulerReference.getTime() <= schedulerSilenceLimitMs;
  return {
    status: workersAlive && schedulerAlive ? "ok" : "unhealthy",
    database: "ok",
    workers: { lastHeartbeatAt: beats.lastWorkerBeat?.toISOString() ?? null },
    scheduler: { lastTickAt: beats.lastTick?.toISOString() ?? null },
    queues: Object.fromEntries(
      queues.map((queue) => [queue.name, { queued: queue.queued, active: queue.active, failed: queue.failed }]),
    ),
  };
}
