import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

export const organizationStatus = pgEnum("organization_status", ["active", "suspended", "deleted"]);

/** The MSP's managed customers ("tenants" on the SASE platform side). */
export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    status: organizationStatus("status").notNull().default("active"),
    /** `asOf` of the newest usage snapshot the platform reported; an older snapshot is ignored as stale. */
    usageAsOf: timestamp("usage_as_of", { withTimezone: true }),
    /** When the platform last reported this organization's usage (changed or not). */
    usageReportedAt: timestamp("usage_reported_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("organizations_workspace_external_unique").on(table.workspaceId, table.externalId),
    index("organizations_workspace_name_idx").on(table.workspaceId, sql`lower(${table.name})`),
  ],
);

export type Organization = typeof organizations.$inferSelect;
export type NewOrganization = typeof organizations.$inferInsert;
