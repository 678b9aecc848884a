import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { mappings } from "./mappings";
import { workspaces } from "./workspaces";

/**
 * What quantity a sync bills: the usage now, the peak of the billing period, or the usage on the
 * period's last day.
 */
export type CountBasis = "current" | "peak" | "last-day";
/** When changes reach ConnectWise: at once, or once per billing period, for the period that ended. */
export type BillingTiming = "immediate" | "period-end";

export const countBases: readonly CountBasis[] = ["current", "peak", "last-day"];
export const billingTimings: readonly BillingTiming[] = ["immediate", "period-end"];

/** The workspace's count basis and timing; no row means current usage, at once. */
export const billingPolicies = pgTable("billing_policies", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  countBasis: text("count_basis").$type<CountBasis>().notNull().default("current"),
  timing: text("timing").$type<BillingTiming>().notNull().default("immediate"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One organization's override of the workspace's policy; a null field follows the workspace. */
export const mappingBillingPolicies = pgTable("mapping_billing_policies", {
  mappingId: uuid("mapping_id")
    .primaryKey()
    .references(() => mappings.id, { onDelete: "cascade" }),
  workspaceId: uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  countBasis: text("count_basis").$type<CountBasis>(),
  timing: text("timing").$type<BillingTiming>(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type BillingPolicy = typeof billingPolicies.$inferSelect;
export type NewBillingPolicy = typeof billingPolicies.$inferInsert;
export type MappingBillingPolicy = typeof mappingBillingPolicies.$inferSelect;
export type NewMappingBillingPolicy = typeof mappingBillingPolicies.$inferInsert;
