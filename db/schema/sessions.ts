import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import type { MembershipRole } from "./workspaces";

/** The workspaces and roles a person had when a session began. */
export interface SessionMembership {
  workspaceId: string;
  role: MembershipRole;
}

/**
 * Every signed-in session, server-side. The session cookie (a JWT) names its row; a cookie whose row is
 * gone no longer signs anyone in. Sign-out deletes the row; a changed password (`credentialStamp`, a
 * digest of the password hash) or a membership removed or changed since `memberships` ends it.
 */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    credentialStamp: text("credential_stamp").notNull(),
    memberships: jsonb("memberships").$type<SessionMembership[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("auth_sessions_user_idx").on(table.userId),
    index("auth_sessions_last_seen_idx").on(table.lastSeenAt),
  ],
);

export type AuthSession = typeof authSessions.$inferSelect;
export type NewAuthSession = typeof authSessions.$inferInsert;
