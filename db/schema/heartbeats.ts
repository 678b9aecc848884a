import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Liveness of the job system, read by GET /api/health: one row per worker process (beating every
 * 30 s while its workers run, stopped_at set on a clean stop) and one row for the scheduler tick.
 * Holds no workspace data.
 */
export const processHeartbeats = pgTable("process_heartbeats", {
  id: text("id").primaryKey(),
  kind: text("kind").$type<"worker" | "scheduler">().notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  beatAt: timestamp("beat_at", { withTimezone: true }).notNull().defaultNow(),
  stoppedAt: timestamp("stopped_at", { withTimezone: true }),
});

export type ProcessHeartbeat = typeof processHeartbeats.$inferSelect;
export type NewProcessHeartbeat = typeof processHeartbeats.$inferInsert;
