/**
 * `Idempotency-Key` on POST, PUT and DELETE: the first response to a key is stored (per token, for a
 * day) and returned again for the same key and request; the same key with another request is 409.
 */
import { createHash } from "node:crypto";
import type { Database } from "@/db";
import {
  deleteExpiredIdempotencyKeys,
  deleteIdempotencyKey,
  insertIdempotencyKey,
  updateIdempotencyKeyResponse,
} from "@/db/queries/api-idempotency-keys";
import { ProblemError } from "./problem";

export interface StoredResponse {
  status: number;
  body?: unknown;
}

export function readIdempotencyKey(request: Request): string | null {
  const key = request.headers.get("idempotency-key");
  if (key === null) return null;
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key))
    throw new ProblemError(422, "The Idempotency-Key header must be 1–255 visible ASCII characters.", [
      { path: "header.Idempotency-Key", message: "Must be 1–255 visible ASCII characters" },
    ]);
  return key;
}

export function hashRequest(method: string, path: string, body: string): string {
  return createHash("sha256").update(`${method} ${path}\n${body}`).digest("hex");
}

/**
 * Claims the key for this request. Returns the stored response when the same request was answered
 * before; throws 409 when the key belongs to another request or the first one is still running.
 */
export async function claimIdempotencyKey(
  db: Database,
  params: { tokenId: string; key: string; method: string; path: string; requestHash: string },
): Promise<StoredResponse | null> {
  await deleteExpiredIdempotencyKeys(db, { tokenId: params.tokenId });
  const existing = await insertIdempotencyKey(db, params);
  if (!existing) return null;
  if (existing.requestHash !== params.requestHash)
    throw new ProblemError(409, "This Idempotency-Key was already used with a different request.");
  if (existing.status === null)
    throw new ProblemError(409, "A request with this Idempotency-Key is still being processed. Retry shortly.");
  return { status: existing.status, body: existing.responseBody };
}

export async function completeIdempotencyKey(
  db: Database,
  params: { tokenId: string; key: string; response: StoredResponse },
): Promise<void> {
  // A failure on our side is not an answer: forget the key so a retry runs the request again.
  if (params.response.status >= 500) await deleteIdempotencyKey(db, params);
  else
    await updateIdempotencyKeyResponse(db, {
      tokenId: params.tokenId,
      key: params.key,
      status: params.response.status,
      responseBody: params.response.body,
    });
}

export async function releaseIdempotencyKey(db: Database, params: { tokenId: string; key: string }): Promise<void> {
  await deleteIdempotencyKey(db, params);
}
