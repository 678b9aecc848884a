import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { products } from "./products";
import { workspaces } from "./workspaces";

export const catalogLinkState = pgEnum("catalog_link_state", [
  "pending",
  "published",
  "updated",
  "unchanged",
  "failed",
  "blocked",
  "retired",
]);

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

/**
 * One catalog publish (queued → running → succeeded/failed), so the Catalog tab can show progress and
 * the last run. `job_id` is the pg-boss job's id; a queued row exists only while its job does.
 */
export const catalogSyncRuns = pgTable(
  "catalog_sync_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull(),
    trigger: text("trigger").$type<"apply" | "settings" | "manual" | "catalog-change" | "schedule">().notNull(),
    state: text("state").$type<"queued" | "running" | "succeeded" | "failed">().notNull(),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    attempt: integer("attempt").notNull().default(0),
    total: integer("total").notNull().default(0),
    processed: integer("processed").notNull().default(0),
    apiCalls: integer("api_calls").notNull().default(0),
    summary: jsonb("summary").$type<Record<string, number>>().notNull().default({}),
    error: text("error"),
  },
  (table) => [
    uniqueIndex("catalog_sync_runs_job_unique").on(table.jobId),
    index("catalog_sync_runs_workspace_time_idx").on(table.workspaceId, table.queuedAt),
  ],
);

export type CatalogLink = typeof catalogLinks.$inferSelect;
export type NewCatalogLink = typeof catalogLinks.$inferInsert;
export type CatalogSyncRun = typeof catalogSyncRuns.$inferSelect;
