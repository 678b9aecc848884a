import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { mappings } from "./mappings";
import { organizations } from "./organizations";
import { products } from "./products";
import { workspaces } from "./workspaces";

export interface RecordedApiCall {
  method: string;
  path: string;
  status: number | null;
  durationMs: number;
  attempt?: number;
}

/** One organization sync: trigger, times, outcome, the ConnectWise calls it made and any error. */
export const syncRuns = pgTable(
  "sync_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    mappingId: uuid("mapping_id")
      .notNull()
      .references(() => mappings.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    trigger: text("trigger").$type<"schedule" | "manual" | "bulk" | "enable" | "preview" | "disable">().notNull(),
    state: text("state").$type<"queued" | "running" | "succeeded" | "failed">().notNull(),
    dryRun: boolean("dry_run").notNull().default(false),
    cwAgreementId: integer("cw_agreement_id"),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    attempt: integer("attempt").notNull().default(0),
    apiCalls: jsonb("api_calls").$type<RecordedApiCall[]>().notNull().default([]),
    summary: jsonb("summary").$type<Record<string, number>>().notNull().default({}),
    error: text("error"),
    errorCode: text("error_code"),
  },
  (table) => [
    index("sync_runs_mapping_time_idx").on(table.mappingId, table.queuedAt),
    index("sync_runs_workspace_time_idx").on(table.workspaceId, table.queuedAt),
    // Queued runs by workspace (the scheduler's per-workspace limit) and by mapping (at most one each).
    index("sync_runs_queued_idx")
      .on(table.workspaceId, table.mappingId)
      .where(sql`${table.state} = 'queued'`),
  ],
);

/** Every planned or applied change of a run: product, action, addition, before/after, result. */
export const syncChanges = pgTable(
  "sync_changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    runId: uuid("run_id")
      .notNull()
      .references(() => syncRuns.id, { onDelete: "cascade" }),
    productId: uuid("product_id").references(() => products.id, { onDelete: "set null" }),
    catalogItemId: integer("catalog_item_id"),
    action: text("action").notNull(),
    additionId: integer("addition_id"),
    before: jsonb("before").$type<Record<string, unknown> | null>(),
    after: jsonb("after").$type<Record<string, unknown> | null>(),
    drift: jsonb("drift").$type<{ lastWritten: number; found: number } | null>(),
    result: text("result").$type<"planned" | "applied" | "failed" | "skipped" | "held" | "rejected">().notNull(),
    message: text("message"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("sync_changes_run_idx").on(table.runId),
    // The reconciliation report reads a workspace's latest read and drift per product without a full scan.
    index("sync_changes_workspace_product_time_idx").on(table.workspaceId, table.productId, table.createdAt),
  ],
);

/** What Billbridge last wrote to each addition it owns, to tell drift (a hand edit) from our own writes. */
export const additionLedger = pgTable(
  "addition_ledger",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    additionId: integer("addition_id").notNull(),
    mappingId: uuid("mapping_id")
      .notNull()
      .references(() => mappings.id, { onDelete: "cascade" }),
    cwAgreementId: integer("cw_agreement_id").notNull(),
    productId: uuid("product_id").references(() => products.id, { onDelete: "set null" }),
    quantity: numeric("quantity", { precision: 14, scale: 4 }).notNull(),
    unitPrice: numeric("unit_price", { precision: 12, scale: 2 }),
    unitCost: numeric("unit_cost", { precision: 12, scale: 2 }),
    writtenAt: timestamp("written_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.additionId] }),
    index("addition_ledger_mapping_idx").on(table.mappingId),
  ],
);

export type SyncRun = typeof syncRuns.$inferSelect;
export type SyncChange = typeof syncChanges.$inferSelect;
export type AdditionLedgerEntry = typeof additionLedger.$inferSelect;
