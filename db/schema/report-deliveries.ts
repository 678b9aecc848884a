import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

/**
 * A workspace's monthly reconciliation report email: on or off, to whom, and on which day of the
 * month (1–28, so every month has it). A workspace without a row sends nothing.
 */
export const reportSchedules = pgTable("report_schedules", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  enabled: boolean("enabled").notNull().default(false),
  recipients: text("recipients")
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  dayOfMonth: integer("day_of_month").notNull().default(1),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Every report email: the month it reports, whether the schedule or a person sent it, to whom and how
 * it went. One scheduled row per workspace and month is the record that the month was sent: the daily
 * job claims it before sending, so a month goes out once however often the job runs.
 */
export const reportDeliveries = pgTable(
  "report_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** The reported month, YYYY-MM. */
    month: text("month").notNull(),
    trigger: text("trigger").$type<"schedule" | "manual">().notNull(),
    recipients: text("recipients").array().notNull(),
    state: text("state").$type<"sending" | "sent" | "failed">().notNull().default("sending"),
    error: text("error"),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("report_deliveries_scheduled_month_key")
      .on(table.workspaceId, table.month)
      .where(sql`${table.trigger} = 'schedule'`),
    index("report_deliveries_workspace_time_idx").on(table.workspaceId, table.claimedAt),
  ],
);

export type ReportSchedule = typeof reportSchedules.$inferSelect;
export type NewReportSchedule = typeof reportSchedules.$inferInsert;
export type ReportDelivery = typeof reportDeliveries.$inferSelect;
export type NewReportDelivery = typeof reportDeliveries.$inferInsert;
