import type { Database } from "@/db";
import { updateMappingsDue } from "@/db/queries/mappings";
import { enqueueUsageSyncSweep } from "./enqueue-usage-sync-sweep";

/**
 * Something the desired state of these organizations is made from changed (a price, a product, the
 * catalog, a billing or approval policy): their mappings are due now, and a sweep of the workspace
 * follows shortly (one for a burst of changes). Organizations whose billed lines did not really change
 * end their run without reading ConnectWise (lib/sync/check-desired-state.ts).
 */
export async function markSyncsDue(
  db: Database,
  params: { workspaceId: string; mappingIds?: readonly string[] },
): Promise<void> {
  if (params.mappingIds !== undefined && params.mappingIds.length === 0) return;
  const due = await updateMappingsDue(db, params);
  if (due > 0) await enqueueUsageSyncSweep({ workspaceId: params.workspaceId });
}
