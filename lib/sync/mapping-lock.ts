/**
 * Mutual exclusion per mapping across every process (DESIGN.md §4 "No duplicates"): a PostgreSQL
 * session advisory lock held on a reserved connection for the whole run. If the process dies, its
 * connection closes and the lock is released with it, so nothing needs cleaning up.
 */
import { sql } from "drizzle-orm";
import type postgres from "postgres";
import type { Database } from "@/db";

function lockKey(mappingId: string): string {
  return `billbridge:sync:${mappingId}`;
}

export type LockedResult<T> = { acquired: true; value: T } | { acquired: false };

/** Runs `task` while holding the mapping's lock; returns `{acquired: false}` at once if another holder has it. */
export async function withMappingLock<T>(
  db: Database,
  params: { mappingId: string },
  task: () => Promise<T>,
): Promise<LockedResult<T>> {
  // drizzle() keeps its postgres.js client on $client; the Database type leaves it out.
  const client = (db as Database & { $client: postgres.Sql }).$client;
  const reserved = await client.reserve();
  try {
    const key = lockKey(params.mappingId);
    const [row] = await reserved<
      { locked: boolean }[]
    >`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as locked`;
    if (!row?.locked) return { acquired: false };
    try {
      return { acquired: true, value: await task() };
    } finally {
      await reserved`select pg_advisory_unlock(hashtextextended(${key}, 0))`;
    }
  } finally {
    reserved.release();
  }
}

/** Like withMappingLock, but waits up to `timeoutMs` for a running holder to finish. */
export async function withMappingLockWaiting<T>(
  db: Database,
  params: { mappingId: string; timeoutMs: number },
  task: () => Promise<T>,
): Promise<LockedResult<T>> {
  const deadline = Date.now() + params.timeoutMs;
  for (;;) {
    const result = await withMappingLock(db, params, task);
    if (result.acquired || Date.now() >= deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Serializes enqueues of one mapping until the transaction ends (a transaction-scoped advisory lock), so
 * two clicks of "Sync now" cannot both see "nothing queued".
 */
export async function lockMappingEnqueue(transaction: Database, params: { mappingId: string }): Promise<void> {
  await transaction.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`billbridge:enqueue:${params.mappingId}`}, 0))`,
  );
}
