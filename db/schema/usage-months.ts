import { date, index, numeric, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { products } from "./products";
import { workspaces } from "./workspaces";

/**
 * Usage history rolled up per month, for the reconciliation report: the month's last recorded day,
 * that day's figure and the month's peak. Kept by triggers on usage_history (migration
 * 0017_usage_months_and_reads_triggers), so every way a day is written keeps it equal to the days.
 */
export const usageMonths = pgTable(
  "usage_months",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** The month's first day. */
    month: date("month", { mode: "string" }).notNull(),
    lastDay: date("last_day", { mode: "string" }).notNull(),
    lastQuantity: numeric("last_quantity", { precision: 12, scale: 2 }).notNull(),
    peakQuantity: numeric("peak_quantity", { precision: 12, scale: 2 }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.productId, table.month] }),
    index("usage_months_workspace_month_idx").on(table.workspaceId, table.month),
  ],
);

export type UsageMonth = typeof usageMonths.$inferSelect;
export type NewUsageMonth = typeof usageMonths.$inferInsert;
