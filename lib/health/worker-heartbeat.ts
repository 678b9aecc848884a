import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { getDb, type Database } from "@/db";
import { deleteStaleHeartbeats, updateHeartbeatStopped, upsertHeartbeat } from "@/db/queries/heartbeats";
import { errorFields, getLogger } from "@/lib/logging/logger";

/** How often a worker process records that it is alive; GET /api/health allows 2 minutes of silence. */
export const heartbeatIntervalMs = 30_000;

interface HeartbeatState {
  id?: string;
  timer?: NodeJS.Timeout;
}

const globalForHeartbeat = globalThis as typeof globalThis & { __billbridgeHeartbeat?: HeartbeatState };
const state: HeartbeatState = (globalForHeartbeat.__billbridgeHeartbeat ??= {});

async function beat(db: Database, id: string, startedAt?: Date): Promise<void> {
  try {
    await upsertHeartbeat(db, { id, kind: "worker", at: new Date(), startedAt });
  } catch (error) {
    getLogger().warn(errorFields(error), "worker heartbeat could not be recorded");
  }
}

/** Records this process's worker heartbeat now and every 30 s until stopWorkerHeartbeat. */
export async function startWorkerHeartbeat(db: Database = getDb()): Promise<void> {
  if (state.timer) return;
  const id = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  state.id = id;
  await beat(db, id, new Date());
  await deleteStaleHeartbeats(db, { before: new Date(Date.now() - 24 * 3600_000) }).catch(() => {});
  state.timer = setInterval(() => void beat(db, id), heartbeatIntervalMs);
  state.timer.unref();
}

/** Marks this process's workers stopped (a clean stop), so health does not wait 2 minutes to notice. */
export async function stopWorkerHeartbeat(db: Database = getDb()): Promise<void> {
  if (state.timer) clearInterval(state.timer);
  state.timer = undefined;
  const id = state.id;
  state.id = undefined;
  if (id) await updateHeartbeatStopped(db, { id, at: new Date() }).catch(() => {});
}

/** The scheduler's tick ran (the every-minute job that enqueues due syncs). */
export async function recordSchedulerTick(db: Database, at: Date = new Date()): Promise<void> {
  await upsertHeartbeat(db, { id: "scheduler", kind: "scheduler", at });
}
