import type { Database } from "@/db";
import { incrementApiRequestCount } from "@/db/queries/api-rate-limits";
import { ProblemError } from "./problem";

export const defaultApiRateLimitPerMinute = 600;

export function readApiRateLimitPerMinute(source: Record<string, string | undefined> = process.env): number {
  const parsed = Number(source.API_RATE_LIMIT_PER_MINUTE);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : defaultApiRateLimitPerMinute;
}

/**
 * Counts the request against its token's budget for the current minute (shared by every web instance
 * through PostgreSQL); over budget → 429 with `Retry-After`, the seconds until the minute ends.
 */
export async function enforceApiRateLimit(db: Database, params: { tokenId: string }): Promise<void> {
  const limit = readApiRateLimitPerMinute();
  const { requests, windowEndsAt, now } = await incrementApiRequestCount(db, params);
  if (requests <= limit) return;
  const retryAfter = Math.max(1, Math.ceil((windowEndsAt.getTime() - now.getTime()) / 1000));
  throw new ProblemError(
    429,
    `This token may make ${limit} requests a minute. Retry after ${retryAfter} s.`,
    undefined,
    { "retry-after": String(retryAfter) },
  );
}
