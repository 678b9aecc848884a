import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "../index";
import { apiIdempotencyKeys } from "../schema";

/**
 * Claims an idempotency key for a request of the token. Returns null when the key is new (the caller
 * now owns it), otherwise the row already stored: its request hash and, once finished, its response.
 */
export async function insertIdempotencyKey(
  db: Database,
  params: { tokenId: string; key: string; method: string; path: string; requestHash: string },
) {
  const inserted = await db
    .insert(apiIdempotencyKeys)
    .values(params)
    .onConflictDoNothing()
    .returning({ key: apiIdempotencyKeys.key });
  if (inserted.length > 0) return null;
  const [existing] = await db
    .select()
    .from(apiIdempotencyKeys)
    .where(and(eq(apiIdempotencyKeys.tokenId, params.tokenId), eq(apiIdempotencyKeys.key, params.key)));
  return existing ?? null;
}

export async function updateIdempotencyKeyResponse(
  db: Database,
  params: { tokenId: string; key: string; status: number; responseBody: unknown },
) {
  await db
    .update(apiIdempotencyKeys)
    .set({ status: params.status, responseBody: params.responseBody ?? null })
    .where(and(eq(apiIdempotencyKeys.tokenId, params.tokenId), eq(apiIdempotencyKeys.key, params.key)));
}

/** Forgets a key whose request failed on our side, so the client's retry runs it again. */
export async function deleteIdempotencyKey(db: Database, params: { tokenId: string; key: string }) {
  await db
    .delete(apiIdempotencyKeys)
    .where(and(eq(apiIdempotencyKeys.tokenId, params.tokenId), eq(apiIdempotencyKeys.key, params.key)));
}

/** Keys are kept for a day; older ones are dropped for the token when it writes again. */
export async function deleteExpiredIdempotencyKeys(db: Database, params: { tokenId: string }) {
  await db
    .delete(apiIdempotencyKeys)
    .where(
      and(
        eq(apiIdempotencyKeys.tokenId, params.tokenId),
        lt(apiIdempotencyKeys.createdAt, sql`now() - interval '24 hours'`),
      ),
    );
}
