import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Checks a request's `Authorization: Bearer <token>` against PLATFORM_API_TOKEN, the vendor
 * operator's token (separate from workspace tokens). Both sides are hashed with SHA-256 and compared
 * in constant time, so neither the token's length nor its prefix leaks through timing.
 */
export function verifyPlatformToken(authorization: string | null): "ok" | "missing" | "invalid" | "not-configured" {
  const configured = env().PLATFORM_API_TOKEN;
  if (!configured) return "not-configured";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return "missing";
  const presented = createHash("sha256").update(match[1]!).digest();
  const expected = createHash("sha256").update(configured).digest();
  return timingSafeEqual(presented, expected) ? "ok" : "invalid";
}
