import { createHash, randomBytes } from "node:crypto";

/** A fresh random token for an emailed link, and the SHA-256 that is all the database keeps of it. */
export function createLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
