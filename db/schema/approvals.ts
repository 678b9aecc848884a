import { boolean, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { mappings } from "./mappings";
import { organizations } from "./organizations";
import { products } from "./products";
import { workspaces } from "./workspaces";

/** Which changes wait for approval before they reach ConnectWise; no row means every change applies at once. */
export const approvalPolicies = pgTable("approval_policies", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  holdDecreases: boolean("hold_decreases").notNull().default(false),
  /** Hold increases of more than this percentage; null: increases apply at once. */
  holdIncreasesAbovePercent: integer("hold_increases_above_percent"),
  holdNewLines: boolean("hold_new_lines").notNull().default(false),
  holdCancellations: boolean("hold_cancellations").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type HoldRule = "decrease" | "increase" | "new-line" | "cancellation";
export type ApprovalState = "held" | "approved" | "rejected";

/**
 * A change a run held for approval, one per organization and product line: what it would write, the
 * rule that held it, and the decision. An approved change is applied by the next run and then
 * removed; a rejected one is not applied while the usage (the target quantity) stays the same.
 */
export const heldChanges = pgTable(
  "held_changes",
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
    productId: uuid("product_id").references(() => products.id, { onDelete: "set null" }),
    catalogItemId: integer("catalog_item_id").notNull(),
    action: text("action").$type<"create" | "update" | "cancel" | "zero">().notNull(),
    additionId: integer("addition_id"),
    beforeQuantity: numeric("before_quantity", { precision: 14, scale: 4 }),
    afterQuantity: numeric("after_quantity", { precision: 14, scale: 4 }).notNull(),
    unitPrice: numeric("unit_price", { precision: 12, scale: 2 }),
    rule: text("rule").$type<HoldRule>().notNull(),
    state: text("state").$type<ApprovalState>().notNull().default("held"),
    heldSince: timestamp("held_since", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: text("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("held_changes_mapping_item_unique").on(table.mappingId, table.catalogItemId),
    index("held_changes_workspace_state_idx").on(table.workspaceId, table.state),
  ],
);

export type ApprovalPolicy = typeof approvalPolicies.$inferSelect;
export type NewApprovalPolicy = typeof approvalPolicies.$inferInsert;
export type HeldChange = typeof heldChanges.$inferSelect;
export type NewHeldChange = typeof heldChanges.$inferInsert;
