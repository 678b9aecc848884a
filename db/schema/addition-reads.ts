import { numeric, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { mappings } from "./mappings";
import { products } from "./products";
import { workspaces } from "./workspaces";

/**
 * The quantity ConnectWise held on a mapping's addition of a product at the latest read by a sync run
 * (a change's `before`, previews excluded). Kept by a trigger on sync_changes (migration
 * 0017_usage_months_and_reads_triggers), for the reconciliation report's "on ConnectWise".
 */
export const additionReads = pgTable(
  "addition_reads",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    mappingId: uuid("mapping_id")
      .notNull()
      .references(() => mappings.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** Null when the read had no number (the report then shows what was written). */
    quantity: numeric("quantity"),
    readAt: timestamp("read_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.mappingId, table.productId] })],
);

export type AdditionRead = typeof additionReads.$inferSelect;
export type NewAdditionRead = typeof additionReads.$inferInsert;
