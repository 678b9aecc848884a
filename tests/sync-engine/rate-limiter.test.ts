import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "@/db";
import {
  blockBucket,
  bucketCapacity,
  createPostgresRateLimiter,
  readRateLimitSettings,
  refillTokens,
  releaseSlot,
  tryAcquireSlot,
} from "@/lib/connection/rate-limiter";
import { createTestDatabase } from "../harness/database";

describe("the shared PostgreSQL rate limiter", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let url: string;
  const second = createDatabaseHolder();

  function createDatabaseHolder() {
    let handle: ReturnType<typeof createDatabase> | undefined;
    return {
      open: (databaseUrl: string) => (handle = createDatabase(databaseUrl, { max: 3 })),
      get db() {
        return handle!.db;
      },
      close: () => handle?.sql.end({ timeout: 5 }),
    };
  }

  beforeAll(async () => {
    ({ db, url } = await createTestDatabase());
    second.open(url);
  });
  afterAll(async () => {
    await second.close();
  });

  it("reads its settings from the environment, with defaults under ConnectWise's throttle", () => {
    expect(readRateLimitSettings({})).toEqual({ requestsPerMinute: 600, maxConcurrency: 4 });
    expect(readRateLimitSettings({ CW_RATE_LIMIT_PER_MINUTE: "120", CW_MAX_CONCURRENCY: "2" })).toEqual({
      requestsPerMinute: 120,
      maxConcurrency: 2,
    });
    expect(readRateLimitSettings({ CW_RATE_LIMIT_PER_MINUTE: "zero" })).toEqual({
      requestsPerMinute: 600,
      maxConcurrency: 4,
    });
  });

  it("refills at the budget and never above the capacity", () => {
    const settings = { requestsPerMinute: 60, maxConcurrency: 4 };
    expect(bucketCapacity(settings)).toBe(6);
    expect(refillTokens(0, 1000, settings)).toBeCloseTo(1);
    expect(refillTokens(5, 60_000, settings)).toBe(6);
  });

  it("spends the budget across processes and then says how long to wait", async () => {
    const settings = { requestsPerMinute: 60, maxConcurrency: 100 };
    const now = new Date("2026-01-01T00:00:00Z");
    const key = "test:budget";
    const granted: string[] = [];
    // Two database clients stand for two worker processes sharing one connection's bucket.
    for (let index = 0; index < 6; index++) {
      const result = await tryAcquireSlot(index % 2 === 0 ? db : second.db, { key, settings, now });
      expect(result.granted).toBe(true);
      if (result.granted) granted.push(result.leaseId);
    }
    const refused = await tryAcquireSlot(second.db, { key, settings, now });
    expect(refused).toEqual({ granted: false, waitMs: expect.any(Number) });
    expect(await tryAcquireSlot(db, { key, settings, now: new Date(now.getTime() + 1000) })).toMatchObject({
      granted: true,
    });
    for (const leaseId of granted) await releaseSlot(db, { key, leaseId });
  });

  it("caps requests in flight, and frees the slot of a lease that expired", async () => {
    const settings = { requestsPerMinute: 6000, maxConcurrency: 2 };
    const now = new Date("2026-01-01T00:00:00Z");
    const key = "test:concurrency";
    const first = await tryAcquireSlot(db, { key, settings, now });
    const secondSlot = await tryAcquireSlot(second.db, { key, settings, now });
    expect([first.granted, secondSlot.granted]).toEqual([true, true]);
    expect((await tryAcquireSlot(db, { key, settings, now })).granted).toBe(false);
    if (first.granted) await releaseSlot(db, { key, leaseId: first.leaseId });
    expect((await tryAcquireSlot(db, { key, settings, now })).granted).toBe(true);
    // A process that died holding a slot: its lease runs out and the slot comes back.
    expect((await tryAcquireSlot(db, { key, settings, now: new Date(now.getTime() + 1000) })).granted).toBe(false);
    expect((await tryAcquireSlot(db, { key, settings, now: new Date(now.getTime() + 5 * 60_000) })).granted).toBe(true);
  });

  it("holds everyone back after a 429 until ConnectWise's wait is over", async () => {
    const settings = { requestsPerMinute: 600, maxConcurrency: 4 };
    const now = new Date("2026-01-01T00:00:00Z");
    const key = "test:blocked";
    const first = await tryAcquireSlot(db, { key, settings, now });
    if (first.granted) await releaseSlot(db, { key, leaseId: first.leaseId });
    await blockBucket(db, { key, until: new Date(now.getTime() + 30_000) });
    expect(await tryAcquireSlot(second.db, { key, settings, now: new Date(now.getTime() + 1000) })).toMatchObject({
      granted: false,
    });
    expect(await tryAcquireSlot(second.db, { key, settings, now: new Date(now.getTime() + 31_000) })).toMatchObject({
      granted: true,
    });
  });

  it("never lets more than the cap run at once through the client hook", async () => {
    const settings = { requestsPerMinute: 100_000, maxConcurrency: 3 };
    const limiters = [db, second.db].map((database) =>
      createPostgresRateLimiter(database, { key: "test:hook", settings }),
    );
    let running = 0;
    let highest = 0;
    const task = async () => {
      running += 1;
      highest = Math.max(highest, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running -= 1;
      return "done";
    };
    const results = await Promise.all(Array.from({ length: 12 }, (_, index) => limiters[index % 2]!.schedule(task)));
    expect(results).toEqual(Array.from({ length: 12 }, () => "done"));
    expect(highest).toBeLessThanOrEqual(3);
    expect(highest).toBeGreaterThan(1);
  });
});
