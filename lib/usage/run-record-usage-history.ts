import type { Database } from "@/db";
import { recordUsageSnapshot } from "@/db/queries/usage";

/** Copies current usage into usage_history for today (UTC): one workspace, or every one when none is given. */
export async function runRecordUsageHistory(
  db: Database,
  params: { workspaceId?: string },
): Promise<{ day: string; rows: number }> {
  const day = new Date().toISOString().slice(0, 10);
  const rows = await recordUsageSnapshot(db, { workspaceId: params.workspaceId, day });
  return { day, rows };
}
