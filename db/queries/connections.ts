import { and, desc, eq, lt, ne } from "drizzle-orm";
import type { Database } from "../index";
import { psaConnectionChecks, psaConnections, type NewPsaConnection, type StoredPermissionResult } from "../schema";

/** The workspace's ConnectWise connection row, or null when it never connected. */
export async function findConnection(db: Database, params: { workspaceId: string }) {
  const [row] = await db
    .select()
    .from(psaConnections)
    .where(and(eq(psaConnections.workspaceId, params.workspaceId), eq(psaConnections.provider, "connectwise")));
  return row ?? null;
}

export async function saveConnection(
  db: Database,
  params: { workspaceId: string; values: Omit<NewPsaConnection, "workspaceId" | "provider" | "id"> },
) {
  const [row] = await db
    .insert(psaConnections)
    .values({ ...params.values, workspaceId: params.workspaceId, provider: "connectwise" })
    .onConflictDoUpdate({
      target: [psaConnections.workspaceId, psaConnections.provider],
      set: { ...params.values, updatedAt: new Date() },
    })
    .returning();
  return row!;
}

export async function updateConnectionStatus(
  db: Database,
  params: {
    workspaceId: string;
    status: "connected" | "unhealthy" | "disconnected";
    reason: string | null;
    permissionResults?: StoredPermissionResult[];
  },
) {
  await db
    .update(psaConnections)
    .set({
      status: params.status,
      statusReason: params.reason,
      lastCheckedAt: new Date(),
      updatedAt: new Date(),
      ...(params.permissionResults ? { permissionResults: params.permissionResults } : {}),
    })
    .where(eq(psaConnections.workspaceId, params.workspaceId));
}

/** Disconnecting forgets the keys and stops syncing; mappings and history stay. */
export async function disconnectConnection(db: Database, params: { workspaceId: string }) {
  const [row] = await db
    .update(psaConnections)
    .set({
      status: "disconnected",
      statusReason: null,
      publicKey: null,
      privateKeyCiphertext: null,
      privateKeyKeyVersion: null,
      updatedAt: new Date(),
    })
    .where(eq(psaConnections.workspaceId, params.workspaceId))
    .returning({ id: psaConnections.id });
  return row ?? null;
}

export async function recordConnectionCheck(
  db: Database,
  params: Omit<typeof psaConnectionChecks.$inferInsert, "id" | "checkedAt">,
) {
  // Old checks are of no further use; keep the table small.
  await db
    .delete(psaConnectionChecks)
    .where(
      and(
        eq(psaConnectionChecks.workspaceId, params.workspaceId),
        lt(psaConnectionChecks.checkedAt, new Date(Date.now() - 24 * 3600_000)),
      ),
    );
  const [row] = await db.insert(psaConnectionChecks).values(params).returning();
  return row!;
}

export async function findConnectionCheck(db: Database, params: { workspaceId: string; checkId: string }) {
  const [row] = await db
    .select()
    .from(psaConnectionChecks)
    .where(and(eq(psaConnectionChecks.workspaceId, params.workspaceId), eq(psaConnectionChecks.id, params.checkId)))
    .orderBy(desc(psaConnectionChecks.checkedAt));
  return row ?? null;
}

/** Workspaces with a ConnectWise connection that is not disconnected (the schedules fan out to these). */
export async function listConnectedWorkspaceIds(db: Database): Promise<string[]> {
  const rows = await db
    .select({ workspaceId: psaConnections.workspaceId })
    .from(psaConnections)
    .where(and(eq(psaConnections.provider, "connectwise"), ne(psaConnections.status, "disconnected")));
  return rows.map((row) => row.workspaceId);
}
