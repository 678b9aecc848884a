import { date, index, integer, numeric, pgTable, primaryKey, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { products } from "./products";
import { workspaces } from "./workspaces";

/** Current usage: one row per (organization, product), replaced whenever the platform measures again. */
export const usage = pgTable(
  "usage",
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
    quantity: numeric("quantity", { precision: 12, scale: 2 }).notNull(),
    measuredAt: timestamp("measured_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.productId] }),
    index("usage_workspace_idx").on(table.workspaceId),
  ],
);

/**
 * Usage per day, for the peak and last-day count bases, reports and explaining a past invoice:
 * `quantity` is the day's last observation, `peak_quantity` its highest. Observed by the daily job and
 * by every sync run.
 */
export const usageHistory = pgTable(
  "usage_history",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    quantity: numeric("quantity", { precision: 12, scale: 2 }).notNull(),
    peakQuantity: numeric("peak_quantity", { precision: 12, scale: 2 }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("usage_history_workspace_day_idx").on(table.workspaceId, table.day),
    uniqueIndex("usage_history_org_product_day_unique").on(table.organizationId, table.productId, table.day),
  ],
);

export type Usage = typeof usage.$inferSelect;
export type UsageHistory = typeof usageHistory.$inferSelect;
