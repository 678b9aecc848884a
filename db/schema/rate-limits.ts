import { doublePrecision, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * One token bucket per ConnectWise connection, shared by every web and worker process: `tokens`
 * refill at the connection's requests-per-minute budget, and `blocked_until` holds everyone back
 * after ConnectWise answered 429.
 */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: text("key").primaryKey(),
  tokens: doublePrecision("tokens").notNull(),
  refilledAt: timestamp("refilled_at", { withTimezone: true, mode: "date" }).notNull(),
  blockedUntil: timestamp("blocked_until", { withTimezone: true, mode: "date" }),
});

/**
 * A request in flight under a bucket's concurrency cap. Leases expire, so a process that dies
 * mid-request frees its slot without anyone cleaning up after it.
 */
export const rateLimitLeases = pgTable(
  "rate_limit_leases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [index("rate_limit_leases_key_idx").on(table.key, table.expiresAt)],
);
