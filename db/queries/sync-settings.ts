import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Database } from "../index";
import { defaultVerifyIntervalHours, mappings, syncSettings } from "../schema";

/** The workspace's sync settings, defaults filled in when it never saved any. */
export async function findWorkspaceSyncSettings(db: Database, params: { workspaceId: string }) {
  const [row] = await db.select().from(syncSettings).where(eq(syncSettings.workspaceId, params.workspaceId));
  return { verifyIntervalHours: row?.verifyIntervalHours ?? defaultVerifyIntervalHours };
}

export async function upsertSyncSettings(db: Database, params: { workspaceId: string; verifyIntervalHours: number }) {
  const values = { verifyIntervalHours: params.verifyIntervalHours, updatedAt: new Date() };
  const [row] = await db
    .insert(syncSettings)
    .values({ workspaceId: params.workspaceId, ...values })
    .onConflictDoUpdate({ target: syncSettings.workspaceId, set: values })
    .returning();
  return row!;
}

/**
 * A shorter verify interval applies at once: a mapping whose next read (or next look) is later than its
 * last read plus the new interval is brought forward to that time. Returns how many mappings moved.
 */
export async function updateMappingsDueForVerifyInterval(
  db: Database,
  params: { workspaceId: string; verifyIntervalHours: number },
): Promise<number> {
  const latest = sql`${mappings.verifiedAt} + make_interval(hours => ${params.verifyIntervalHours})`;
  const rows = await db
    .update(mappings)
    .set({
      verifyDueAt: sql`least(coalesce(${mappings.verifyDueAt}, ${latest}), ${latest})`,
      nextDueAt: sql`least(${mappings.nextDueAt}, ${latest})`,
    })
    .where(
      and(
        eq(mappings.workspaceId, params.workspaceId),
        eq(mappings.syncEnabled, true),
        isNotNull(mappings.verifiedAt),
        sql`(coalesce(${mappings.verifyDueAt}, 'infinity') > ${latest} or ${mappings.nextDueAt} > ${latest})`,
      ),
    )
    .returning({ id: mappings.id });
  return rows.length;
}
