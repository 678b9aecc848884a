import { integer, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { apiTokens } from "./api-tokens";

/** Requests of one platform API token in the current minute, shared by every web instance. */
export const apiRateLimits = pgTable("api_rate_limits", {
  tokenId: uuid("token_id")
    .primaryKey()
    .references(() => apiTokens.id, { onDelete: "cascade" }),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  requests: integer("requests").notNull(),
});

export type ApiRateLimit = typeof apiRateLimits.$inferSelect;
export type NewApiRateLimit = typeof apiRateLimits.$inferInsert;
