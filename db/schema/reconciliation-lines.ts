import {
  bigint,
  bigserial,
  customType,
  date,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

/** PostgreSQL's `pg_snapshot`: which transactions a statement saw (read and written as text). */
const pgSnapshot = customType<{ data: string }>({ dataType: () => "pg_snapshot" });
/** PostgreSQL's `xid8`: a transaction id that never wraps around (read and written as text). */
const xid8 = customType<{ data: string }>({ dataType: () => "xid8" });

/**
 * The reconciliation report's lines of a workspace's month, worked out once and kept: figures in
 * hundredths, money in cents, the status. `reconciliation_months` says which transactions they include;
 * lines of organizations changed since are worked out again before the month is read.
 */
export const reconciliationLines = pgTable(
  "reconciliation_lines",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** The month's first day. */
    month: date("month", { mode: "string" }).notNull(),
    organizationId: uuid("organization_id").notNull(),
    productId: uuid("product_id").notNull(),
    organizationName: text("organization_name").notNull(),
    productName: text("product_name").notNull(),
    productSku: text("product_sku").notNull(),
    agreementName: text("agreement_name"),
    countBasis: text("count_basis").notNull(),
    platformHundredths: bigint("platform_h", { mode: "number" }).notNull(),
    connectWiseHundredths: bigint("connectwise_h", { mode: "number" }),
    writtenHundredths: bigint("written_h", { mode: "number" }),
    differenceHundredths: bigint("difference_h", { mode: "number" }).notNull(),
    unitPriceCents: bigint("unit_price_cents", { mode: "number" }).notNull(),
    moneyCents: bigint("money_cents", { mode: "number" }).notNull(),
    /** |moneyCents|: the report's order. */
    impact: bigint("impact", { mode: "number" }).notNull(),
    status: text("status").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.month, table.organizationId, table.productId] }),
    index("reconciliation_lines_order_idx").on(
      table.workspaceId,
      table.month,
      table.impact.desc(),
      table.organizationName,
      table.productName,
      table.organizationId,
      table.productId,
    ),
  ],
);

/**
 * Which months of a workspace have their lines kept, and as of which transactions (the snapshot of
 * the statement that last worked lines out); the running month also records the day it was worked
 * out for, since it bills usage now.
 */
export const reconciliationMonths = pgTable(
  "reconciliation_months",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    month: date("month", { mode: "string" }).notNull(),
    /** The day the lines were worked out for when the month was running; null for a past month. */
    runningOn: date("running_on", { mode: "string" }),
    snapshot: pgSnapshot("snapshot").notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
    /** Last time a page, the API, an email or the warm-up job read the month; unread months are dropped. */
    readAt: timestamp("read_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.month] })],
);

/**
 * What changed a workspace's report since: one row per writing statement, organization (null: every
 * organization, e.g. a product's price or the billing policy) and month, with the writing transaction.
 * Written by triggers on every table the report reads, so every way into the data is seen.
 */
export const reconciliationChanges = pgTable(
  "reconciliation_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: uuid("workspace_id").notNull(),
    organizationId: uuid("organization_id"),
    /** The one month it changed (a day of history, usage now in the running month); null: every month. */
    month: date("month", { mode: "string" }),
    transactionId: xid8("transaction_id").notNull(),
  },
  (table) => [index("reconciliation_changes_workspace_idx").on(table.workspaceId)],
);
