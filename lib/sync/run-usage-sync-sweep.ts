import type { Database } from "@/db";
import { enqueueDueSyncs } from "./enqueue-due-syncs";

/** Enqueues every due sync of one workspace now (the organizations whose usage just changed among them). */
export async function runUsageSyncSweep(db: Database, params: { workspaceId: string }) {
  return enqueueDueSyncs(db, { now: new Date(), workspaceId: params.workspaceId });
}
