import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

/** The conditions Billbridge watches. Each may be switched off; some take a threshold. */
export type AlertRuleKind =
  "connection-unhealthy" | "sync-failing" | "sync-stale" | "usage-unmapped" | "drift-corrected" | "approvals-waiting";

export interface AlertRuleSetting {
  enabled: boolean;
  /** Runs in a row (sync-failing) or hours (sync-stale, usage-unmapped); null for rules without one. */
  threshold: number | null;
}

export type AlertRuleSettings = Record<AlertRuleKind, AlertRuleSetting>;

/** A workspace's alert rules and digest option; a workspace without a row uses the defaults. */
export const alertSettings = pgTable("alert_settings", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  rules: jsonb("rules").$type<AlertRuleSettings>().notNull(),
  digestEnabled: boolean("digest_enabled").notNull().default(false),
  /** Hour of the day (UTC) the daily digest goes out. */
  digestHourUtc: integer("digest_hour_utc").notNull().default(7),
  lastDigestAt: timestamp("last_digest_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Where alerts go: an email address list or a webhook URL. A webhook's signing secret is stored only
 * encrypted (like ConnectWise private keys) and shown once, when the channel is created.
 */
export const alertChannels = pgTable(
  "alert_channels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind").$type<"email" | "webhook">().notNull(),
    name: text("name").notNull(),
    /** Email recipients (kind email). */
    recipients: text("recipients")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Target URL (kind webhook). */
    url: text("url"),
    secretCiphertext: text("secret_ciphertext"),
    secretKeyVersion: integer("secret_key_version"),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("alert_channels_workspace_idx").on(table.workspaceId)],
);

/**
 * One alert per condition: opened when a rule's condition starts to hold for a subject (the connection,
 * a mapping, an organization), resolved when it stops. The partial unique index keeps a condition from
 * being opened twice, even by two evaluations at once.
 */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    rule: text("rule").$type<AlertRuleKind>().notNull(),
    subjectKey: text("subject_key").notNull(),
    subjectLabel: text("subject_label").notNull(),
    message: text("message").notNull(),
    state: text("state").$type<"open" | "resolved">().notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("alerts_open_condition_unique")
      .on(table.workspaceId, table.rule, table.subjectKey)
      .where(sql`state = 'open'`),
    index("alerts_workspace_time_idx").on(table.workspaceId, table.openedAt),
  ],
);

export type AlertEventType = "alert.opened" | "alert.resolved" | "digest" | "test";

/** Every message sent (or being sent) to a channel, with its outcome: the delivery log. */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => alertChannels.id, { onDelete: "cascade" }),
    alertId: uuid("alert_id").references(() => alerts.id, { onDelete: "set null" }),
    eventType: text("event_type").$type<AlertEventType>().notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    state: text("state").$type<"pending" | "delivered" | "failed">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    responseStatus: integer("response_status"),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (table) => [index("alert_deliveries_workspace_time_idx").on(table.workspaceId, table.createdAt)],
);

export type AlertSettingsRow = typeof alertSettings.$inferSelect;
export type NewAlertSettingsRow = typeof alertSettings.$inferInsert;
export type AlertChannel = typeof alertChannels.$inferSelect;
export type NewAlertChannel = typeof alertChannels.$inferInsert;
export type Alert = typeof alerts.$inferSelect;
export type NewAlert = typeof alerts.$inferInsert;
export type AlertDelivery = typeof alertDeliveries.$inferSelect;
export type NewAlertDelivery = typeof alertDeliveries.$inferInsert;
