/**
 * One rate limiter per ConnectWise connection, shared by every process through PostgreSQL
 * (DESIGN.md §4 "Rate"): a token bucket row refilled at the requests-per-minute budget, plus leases
 * for the requests in flight under the concurrency cap. A slot is taken in one short transaction that
 * locks the bucket row, so two workers can never both spend the last token. Leases expire, so a
 * process that dies mid-request frees its slot by itself.
 */
import { recordLimiterWait } from "@/lib/metrics/registry";
import { randomUUID } from "node:crypto";
import { and, eq, lte, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { rateLimitBuckets, rateLimitLeases } from "@/db/schema";
import type { RequestLimiter } from "@/lib/connectwise";

export interface RateLimitSettings {
  /** Requests per minute for one connection, across every process. */
  requestsPerMinute: number;
  /** Requests in flight at once for one connection, across every process. */
  maxConcurrency: number;
}

/** Defaults under ConnectWise's ~1,000 requests per minute throttle. */
export const defaultRateLimitSettings: RateLimitSettings = { requestsPerMinute: 600, maxConcurrency: 4 };

/** A lease outlives any single attempt (30 s timeout) with a margin, and frees a dead process's slot. */
const leaseLifetimeMs = 120_000;
/** How long a waiting request sleeps at most before asking again (a lease may end at any time). */
const maxPollMs = 250;

export function readRateLimitSettings(source: Record<string, string | undefined> = process.env): RateLimitSettings {
  const read = (value: string | undefined, fallback: number) => {
    const parsed = Number(value);
    return value !== undefined && value !== "" && Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
  };
  return {
    requestsPerMinute: read(source.CW_RATE_LIMIT_PER_MINUTE, defaultRateLimitSettings.requestsPerMinute),
    maxConcurrency: read(source.CW_MAX_CONCURRENCY, defaultRateLimitSettings.maxConcurrency),
  };
}

/**
 * The bucket holds a tenth of a minute's budget, so a burst after a quiet spell stays small while any
 * sixty seconds still stay within budget plus that tenth.
 */
export function bucketCapacity(settings: RateLimitSettings): number {
  return Math.max(1, Math.ceil(settings.requestsPerMinute / 10));
}

/** Tokens after `elapsedMs` of refill, capped at the capacity. Pure, for tests. */
export function refillTokens(tokens: number, elapsedMs: number, settings: RateLimitSettings): number {
  const refilled = tokens + (Math.max(0, elapsedMs) * settings.requestsPerMinute) / 60_000;
  return Math.min(bucketCapacity(settings), refilled);
}

export type AcquireResult = { granted: true; leaseId: string } | { granted: false; waitMs: number };

/**
 * Takes one request slot for `key` if the budget, the concurrency cap and any 429 back-off allow it;
 * otherwise says how long to wait before asking again. `now` is passed in so tests control time.
 */
export async function tryAcquireSlot(
  db: Database,
  params: { key: string; settings: RateLimitSettings; now: Date },
): Promise<AcquireResult> {
  const { key, settings, now } = params;
  const capacity = bucketCapacity(settings);
  return db.transaction(async (transaction) => {
    await transaction.insert(rateLimitBuckets).values({ key, tokens: capacity, refilledAt: now }).onConflictDoNothing();
    const [bucket] = await transaction
      .select()
      .from(rateLimitBuckets)
      .where(eq(rateLimitBuckets.key, key))
      .for("update");
    if (!bucket) throw new Error(`rate limit bucket ${key} vanished`);
    const tokens = refillTokens(bucket.tokens, now.getTime() - bucket.refilledAt.getTime(), settings);
    // Never move the refill clock backwards (two processes with slightly different clocks).
    const refilledAt = now > bucket.refilledAt ? now : bucket.refilledAt;

    if (bucket.blockedUntil && bucket.blockedUntil > now) {
      await transaction.update(rateLimitBuckets).set({ tokens, refilledAt }).where(eq(rateLimitBuckets.key, key));
      return { granted: false, waitMs: Math.min(maxPollMs * 4, bucket.blockedUntil.getTime() - now.getTime()) };
    }
    await transaction
      .delete(rateLimitLeases)
      .where(and(eq(rateLimitLeases.key, key), lte(rateLimitLeases.expiresAt, now)));
    const [{ inFlight }] = (await transaction
      .select({ inFlight: sql<number>`count(*)::int` })
      .from(rateLimitLeases)
      .where(eq(rateLimitLeases.key, key))) as [{ inFlight: number }];
    if (inFlight >= settings.maxConcurrency) {
      await transaction.update(rateLimitBuckets).set({ tokens, refilledAt }).where(eq(rateLimitBuckets.key, key));
      return { granted: false, waitMs: 25 };
    }
    if (tokens < 1) {
      await transaction.update(rateLimitBuckets).set({ tokens, refilledAt }).where(eq(rateLimitBuckets.key, key));
      const waitMs = Math.ceil(((1 - tokens) * 60_000) / settings.requestsPerMinute);
      return { granted: false, waitMs: Math.max(1, Math.min(maxPollMs, waitMs)) };
    }
    const leaseId = randomUUID();
    await transaction
      .update(rateLimitBuckets)
      .set({ tokens: tokens - 1, refilledAt })
      .where(eq(rateLimitBuckets.key, key));
    await transaction
      .insert(rateLimitLeases)
      .values({ id: leaseId, key, expiresAt: new Date(now.getTime() + leaseLifetimeMs) });
    return { granted: true, leaseId };
  });
}

export async function releaseSlot(db: Database, params: { key: string; leaseId: string }): Promise<void> {
  await db
    .delete(rateLimitLeases)
    .where(and(eq(rateLimitLeases.key, params.key), eq(rateLimitLeases.id, params.leaseId)));
}

/** After a 429 every process of the connection holds back until ConnectWise's wait is over. */
export async function blockBucket(db: Database, params: { key: string; until: Date }): Promise<void> {
  await db
    .update(rateLimitBuckets)
    .set({ blockedUntil: sql`greatest(${rateLimitBuckets.blockedUntil}, ${params.until.toISOString()}::timestamptz)` })
    .where(eq(rateLimitBuckets.key, params.key));
}

/** The key of a ConnectWise connection's bucket. */
export function connectionRateLimitKey(connectionId: string): string {
  return `connectwise:${connectionId}`;
}

/**
 * The client's `limiter` hook backed by the shared bucket: every HTTP attempt waits for a slot,
 * runs, and gives the slot back.
 */
export function createPostgresRateLimiter(
  db: Database,
  params: {
    key: string;
    settings?: RateLimitSettings;
    now?: () => Date;
    sleep?: (milliseconds: number) => Promise<void>;
  },
): RequestLimiter {
  const settings = params.settings ?? readRateLimitSettings();
  const now = params.now ?? (() => new Date());
  const sleep =
    params.sleep ?? ((milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds)));
  return {
    async schedule<T>(task: () => Promise<T>): Promise<T> {
      const waitStarted = performance.now();
      let result = await tryAcquireSlot(db, { key: params.key, settings, now: now() });
      while (!result.granted) {
        await sleep(result.waitMs);
        result = await tryAcquireSlot(db, { key: params.key, settings, now: now() });
      }
      recordLimiterWait(performance.now() - waitStarted);
      const { leaseId } = result;
      try {
        return await task();
      } finally {
        await releaseSlot(db, { key: params.key, leaseId });
      }
    },
    notifyRateLimited(waitMs: number) {
      // Fire and forget: the caller is already waiting out the 429 itself.
      void blockBucket(db, { key: params.key, until: new Date(now().getTime() + waitMs) }).catch(() => {});
    },
  };
}
