import { sql } from "drizzle-orm";
import type { Database } from "../index";
import { apiRateLimits } from "../schema";

/**
 * Counts one request of the token in the current minute (a fixed window, in PostgreSQL so every web
 * instance shares it) and returns the count so far and when the window ends. One statement, no lock held.
 */
export async function incrementApiRequestCount(
  db: Database,
  params: { tokenId: string },
): Promise<{ requests: number; windowEndsAt: Date; now: Date }> {
  const rows = await db.execute<{ requests: number; window_ends_at: string; now: string }>(sql`
    insert into ${apiRateLimits} (token_id, window_start, requests)
    values (${params.tokenId}, date_trunc('minute', now()), 1)
    on conflict (token_id) do update set
      requests = case when ${apiRateLimits.windowStart} = excluded.window_start
        then ${apiRateLimits.requests} + 1 else 1 end,
      window_start = excluded.window_start
    returning requests, window_start + interval '1 minute' as window_ends_at, now() as now`);
  const row = rows[0]!;
  return { requests: Number(row.requests), windowEndsAt: new Date(row.window_ends_at), now: new Date(row.now) };
}
