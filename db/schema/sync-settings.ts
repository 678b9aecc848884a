import { integer, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

/** The default hours between reads of an unchanged organization's agreement (catching hand edits). */
export const defaultVerifyIntervalHours = 24;

/** The workspace's sync settings; no row means the defaults. */
export const syncSettings = pgTable("sync_settings", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  /**
   * An organization whose desired state has not changed is still read from ConnectWise this often,
   * so hand edits on its agreement are corrected within this many hours.
   */
  verifyIntervalHours: integer("verify_interval_hours").notNull().default(defaultVerifyIntervalHours),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type SyncSettings = typeof syncSettings.$inferSelect;
export type NewSyncSettings = typeof syncSettings.$inferInsert;
