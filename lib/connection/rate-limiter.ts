/**
 * One rate limiter per ConnectWise connection, shared by every process through PostgreSQL
 * (DESIGN.md §4 "Rate"): a token bucket row refilled at the requests-per-minute budget, plus leases
 * for the requests in flight under the concurrency cap. A slot is taken in one short transaction that
 * locks the bucket row, so two workers can never both spend the last token. Leases expire, so a
 * process that dies mid-request frees its slot by itself.
 */
import { recordLimiterWait } from "@/lib/metrics/registry";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
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
    const lockBucket = () =>
      transaction.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, key)).for("update");
    let [bucket] = await lockBucket();
    if (!bucket) {
      await transaction
        .insert(rateLimitBuckets)
        .values({ key, tokens: capacity, refilledAt: now })
        .onConflictDoNothing();
      [bucket] = await lockBucket();
    }
    if (!bucket) throw new Error(`rate limit bucket ${key} vanished`);
    const tokens = refillTokens(bucket.tokens, now.getTime() - bucket.refilledAt.getTime(), settings);
    // Never move the refill clock backwards (two processes with slightly different clocks).
    const refilledAt = now > bucket.refilledAt ? now : bucket.refilledAt;

    if (bucket.blockedUntil && bucket.blockedUntil > now) {
      await transaction.update(rateLimitBuckets).set({ tokens, refilledAt }).where(eq(rateLimitBuckets.key, key));
      return { granted: false, waitMs: Math.min(maxPollMs * 4, bucket.blockedUntil.getTime() - now.getTime()) };
    }
    // One statement while the bucket row is locked (so it sees every lease its earlier holders took):
    // expired leases go, the live ones are counted, and a slot is taken when a token is left and the
    // concurrency cap allows it; the bucket keeps its refilled tokens, less the one spent.
    const leaseId = randomUUID();
    const nowText = now.toISOString();
    const [decision] = (await transaction.execute(sql`
      with expired as (
        delete from rate_limit_leases where key = ${key} and expires_at <= ${nowText}::timestamptz
      ),
      live as (
        select count(*)::int as in_flight from rate_limit_leases
        where key = ${key} and expires_at > ${nowText}::timestamptz
      ),
      decision as (
        select in_flight, (in_flight < ${settings.maxConcurrency} and ${tokens}::float8 >= 1) as granted from live
      ),
      lease as (
        insert into rate_limit_leases (id, key, expires_at)
        select ${leaseId}::uuid, ${key}, ${new Date(now.getTime() + leaseLifetimeMs).toISOString()}::timestamptz
        from decision where granted
      ),
      bucket as (
        update rate_limit_buckets
        set tokens = ${tokens}::float8 - (select case when granted then 1 else 0 end from decision),
            refilled_at = ${refilledAt.toISOString()}::timestamptz
        where key = ${key}
      )
      select in_flight, granted from decision`)) as unknown as Array<{ in_flight: number; granted: boolean }>;
    if (decision!.granted) return { granted: true, leaseId };
    if (decision!.in_flight >= settings.maxConcurrency) return { granted: false, waitMs: 25 };
    const waitMs = Math.ceil(((1 - tokens) * 60_000) / settings.requestsPerMinute);
    return { granted: false, waitMs: Math.max(1, Math.min(maxPollMs, waitMs)) };
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
/** Per bucket key, the end of this process's latest request for a slot (see `inTurn`). */
const slotTurns = new Map<string, Promise<void>>();

/**
 * Runs `work` after every earlier call for the same key in this process has settled. The requests of
 * one process ask for a bucket's slot one at a time: when the tokens are spent, only the first asks
 * the database again when the next one is due, instead of every waiting request asking at once and
 * all but one being refused. Other processes still compete through the bucket row.
 */
function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = slotTurns.get(key) ?? Promise.resolve();
  const result = previous.then(work);
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  slotTurns.set(key, settled);
  void settled.then(() => {
    if (slotTurns.get(key) === settled) slotTurns.delete(key);
  });
  return result;
}

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
      const leaseId = await inTurn(params.key, async () => {
        let result = await tryAcquireSlot(db, { key: params.key, settings, now: now() });
        while (!result.granted) {
          await sleep(result.waitMs);
          result = await tryAcquireSlot(db, { key: params.key, settings, now: now() });
        }
        return result.leaseId;
      });
      recordLimiterWait(performance.now() - waitStarted);
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
