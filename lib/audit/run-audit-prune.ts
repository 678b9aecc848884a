import type { Database } from "@/db";
import { deleteAuditEventsBefore } from "@/db/queries/audit";

/** Deletes audit events older than the retention (AUDIT_RETENTION_DAYS, 400 by default) in every workspace. */
export async function runAuditPrune(
  db: Database,
  params: { retentionDays: number; now?: Date },
): Promise<{ deleted: number; before: string }> {
  const now = params.now ?? new Date();
  const before = new Date(now.getTime() - params.retentionDays * 24 * 60 * 60 * 1000);
  const deleted = await deleteAuditEventsBefore(db, { before });
  return { deleted, before: before.toISOString() };
}
