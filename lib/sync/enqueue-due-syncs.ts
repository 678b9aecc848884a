import type { Database } from "@/db";
import { listDueMappings } from "@/db/queries/sync";
import { enqueueOrganizationSync } from "./enqueue-organization-sync";

const enqueueParallelism = 8;

/**
 * The scheduler tick (every workspace) and the sweep after a usage report (one workspace): enqueue
 * every due mapping. One mapping's failure to enqueue never stops the others.
 */
export async function enqueueDueSyncs(
  db: Database,
  params: { now: Date; limit?: number; workspaceId?: string },
): Promise<{ due: number; enqueued: number; failed: number }> {
  const due = await listDueMappings(db, {
    now: params.now,
    limit: params.limit ?? 5000,
    workspaceId: params.workspaceId,
  });
  let enqueued = 0;
  let failed = 0;
  // A few enqueues at a time: each is a handful of short queries, and due mappings never repeat.
  for (let start = 0; start < due.length; start += enqueueParallelism) {
    await Promise.all(
      due.slice(start, start + enqueueParallelism).map(async (mapping) => {
        try {
          await enqueueOrganizationSync(db, {
            workspaceId: mapping.workspaceId,
            mappingId: mapping.id,
            trigger: "schedule",
          });
          enqueued += 1;
        } catch (error) {
          failed += 1;
          console.error(
            `[sync] could not enqueue mapping ${mapping.id}:`,
            error instanceof Error ? error.message : error,
          );
        }
      }),
    );
  }
  return { due: due.length, enqueued, failed };
}
