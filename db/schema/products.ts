import { boolean, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

/** The vendor's catalog as this workspace resells it. Money is numeric(12,2), read back as strings. */
export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull(),
    unit: text("unit").notNull(),
    cost: numeric("cost", { precision: 12, scale: 2 }).notNull(),
    suggestedPrice: numeric("suggested_price", { precision: 12, scale: 2 }).notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("products_workspace_sku_unique").on(table.workspaceId, table.sku)],
);

export type Product = typeof products.$inferSelect;
export type NewProduct = typeof products.$inferInsert;
