import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "../index";
import { processHeartbeats } from "../schema";

/** Liveness rows hold no workspace data, so these functions take no workspace id. */
export async function upsertHeartbeat(
  db: Database,
  params: { id: string; kind: "worker" | "scheduler"; at: Date; startedAt?: Date },
) {
  await db
    .insert(processHeartbeats)
    .values({ id: params.id, kind: params.kind, beatAt: params.at, startedAt: params.startedAt ?? params.at })
    .onConflictDoUpdate({ target: processHeartbeats.id, set: { beatAt: params.at, stoppedAt: null } });
}

export async function updateHeartbeatStopped(db: Database, params: { id: string; at: Date }) {
  await db
    .update(processHeartbeats)
    .set({ stoppedAt: params.at })
    .where(and(eq(processHeartbeats.id, params.id), isNull(processHeartbeats.stoppedAt)));
}

/** The last beat of any worker, the last beat of a worker still running, and the scheduler's last tick. */
export async function findHeartbeatSummary(db: Database) {
  const [row] = await db
    .select({
      lastWorkerBeat: sql<
        string | null
      >`max(${processHeartbeats.beatAt}) filter (where ${processHeartbeats.kind} = 'worker')`,
      lastRunningWorkerBeat: sql<
        string | null
      >`max(${processHeartbeats.beatAt}) filter (where ${processHeartbeats.kind} = 'worker' and ${processHeartbeats.stoppedAt} is null)`,
      earliestRunningWorkerStart: sql<
        string | null
      >`min(${processHeartbeats.startedAt}) filter (where ${processHeartbeats.kind} = 'worker' and ${processHeartbeats.stoppedAt} is null)`,
      lastTick: sql<
        string | null
      >`max(${processHeartbeats.beatAt}) filter (where ${processHeartbeats.kind} = 'scheduler')`,
    })
    .from(processHeartbeats);
  const toDate = (value: string | null | undefined) => (value ? new Date(value) : null);
  return {
    lastWorkerBeat: toDate(row?.lastWorkerBeat),
    lastRunningWorkerBeat: toDate(row?.lastRunningWorkerBeat),
    earliestRunningWorkerStart: toDate(row?.earliestRunningWorkerStart),
    lastTick: toDate(row?.lastTick),
  };
}

/** Rows of processes gone for a day, so the table stays the size of the fleet. */
export async function deleteStaleHeartbeats(db: Database, params: { before: Date }) {
  await db.delete(processHeartbeats).where(lt(processHeartbeats.beatAt, params.before));
}

/**
 * Per pg-boss queue: jobs queued, active and failed, as pg-boss itself counts them (its queue table,
 * refreshed by its monitor every minute). Empty when pg-boss has not created its schema yet.
 */
export async function listQueueCounts(db: Database) {
  const [exists] = await db.execute<{ present: boolean }>(
    sql`select to_regclass('pgboss.queue') is not null as present`,
  );
  if (!exists?.present) return [];
  const rows = await db.execute<{ name: string; queued: number; active: number; failed: number }>(
    sql`select name, queued_count as queued, active_count as active, failed_count as failed from pgboss.queue order by name`,
  );
  return rows.map((row) => ({
    name: row.name,
    queued: Number(row.queued),
    active: Number(row.active),
    failed: Number(row.failed),
  }));
}
