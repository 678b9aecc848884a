import type { Database } from "@/db";
import { enqueueDueSyncs } from "@/lib/operations/sync";

/** Enqueues every due sync of one workspace now (the organizations whose usage just changed among them). */
export async function runUsageSyncSweep(db: Database, params: { workspaceId: string }) {
  return enqueueDueSyncs(db, { now: new Date(), workspaceId: params.workspaceId });
}
