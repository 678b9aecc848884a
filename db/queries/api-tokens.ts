import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../index";
import { apiTokens, workspaces, type NewApiToken } from "../schema";

export async function insertApiToken(db: Database, values: NewApiToken & { workspaceId: string }) {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row!;
}

/** The workspace's tokens, newest first, without their hashes. */
export async function listApiTokens(db: Database, params: { workspaceId: string }) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      tokenPrefix: apiTokens.tokenPrefix,
      scopes: apiTokens.scopes,
      createdByName: apiTokens.createdByName,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.workspaceId, params.workspaceId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/**
 * The token with this hash and its workspace, revoked or not. This lookup has no workspace to scope by:
 * the token is what names the workspace.
 */
export async function findApiTokenByHash(db: Database, params: { tokenHash: string }) {
  const [row] = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scopes: apiTokens.scopes,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      workspace: { id: workspaces.id, name: workspaces.name, slug: workspaces.slug },
    })
    .from(apiTokens)
    .innerJoin(workspaces, eq(workspaces.id, apiTokens.workspaceId))
    .where(eq(apiTokens.tokenHash, params.tokenHash));
  return row ?? null;
}

/** Revokes a live token of the workspace; null when there is none with that id (or it was already revoked). */
export async function revokeApiToken(db: Database, params: { workspaceId: string; tokenId: string }) {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(
      and(eq(apiTokens.workspaceId, params.workspaceId), eq(apiTokens.id, params.tokenId), isNull(apiTokens.revokedAt)),
    )
    .returning({ id: apiTokens.id, name: apiTokens.name });
  return row ?? null;
}

/** Records a use of the token, at most once every 30 seconds so a busy token does not write on every request. */
export async function updateApiTokenLastUsed(db: Database, params: { workspaceId: string; tokenId: string }) {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.workspaceId, params.workspaceId),
        eq(apiTokens.id, params.tokenId),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - interval '30 seconds'`)),
      ),
    );
}
