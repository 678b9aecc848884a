/**
 * Platform API tokens: `bb_` and 43 characters of base64url (256 random bits). Only the SHA-256 of a
 * token is stored; at that entropy a plain hash is as good as a slow one, and lookups stay one index read.
 */
import { createHash, randomBytes } from "node:crypto";

export const apiTokenPrefixLength = 10;

export function generateApiToken(): string {
  return `bb_${randomBytes(32).toString("base64url")}`;
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function apiTokenDisplayPrefix(token: string): string {
  return token.slice(0, apiTokenPrefixLength);
}
