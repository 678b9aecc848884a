import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { products } from "./products";
import { workspaces } from "./workspaces";

export const catalogLinkState = pgEnum("catalog_link_state", ["pending", "published", "updated", "unchanged", "failed", "blocked", "retired"]);

/**
 * A vendor product ↔ its ConnectWise catalog item. `written_hash` is the hash of the fields Billbridge
 * owns as it last wrote them, so a run writes only what changed.
 */
export const catalogLinks = pgTable(
  "catalog_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    cwCatalogItemId: integer("cw_catalog_item_id"),
    cwIdentifier: text("cw_identifier").notNull(),
    state: catalogLinkState("state").notNull().default("pending"),
    lastError: text("last_error"),
    writtenHash: text("written_hash"),
    lastSyncedAt: timestamp("last_synced_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("catalog_links_workspace_product_unique").on(table.workspaceId, table.productId),
    index("catalog_links_workspace_item_idx").on(table.workspaceId, table.cwCatalogItemId),
  ],
);

export type CatalogLink = typeof catalogLinks.$inferSelect;
export type NewCatalogLink = typeof catalogLinks.$inferInsert;
