import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { workspaces } from "./workspaces";

/**
 * Organization ↔ ConnectWise company and agreement. Display names are kept here so the mapping table
 * renders without calling ConnectWise. `next_due_at` is when the scheduler next looks at the mapping: at
 * once after its desired state changed, otherwise when its agreement is due to be read again (the
 * verify interval), or at its next hourly slot after a run that did not succeed.
 */
export const mappings = pgTable(
  "mappings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    cwCompanyId: integer("cw_company_id"),
    cwCompanyIdentifier: text("cw_company_identifier"),
    cwCompanyName: text("cw_company_name"),
    cwAgreementId: integer("cw_agreement_id"),
    cwAgreementName: text("cw_agreement_name"),
    syncEnabled: boolean("sync_enabled").notNull().default(false),
    /** Seconds into the hour this mapping's scheduled runs prefer, stable per mapping. */
    scheduleOffsetSeconds: integer("schedule_offset_seconds").notNull().default(0),
    nextDueAt: timestamp("next_due_at", { withTimezone: true }),
    /**
     * The fingerprint of the desired state (billed quantities, prices, descriptions, policies) the last
     * successful run found on the agreement or wrote to it; null after a run that did not succeed.
     */
    desiredFingerprint: text("desired_fingerprint"),
    /** When a successful run last read the agreement's additions. */
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    /**
     * When the agreement must be read again even if nothing changed: the verify interval after the last
     * read (after a mapping's first read, its own slot of the interval); null reads as the last read plus
     * the interval. "Sync all" sets it to the time it was pressed, so whatever run takes the mapping reads.
     */
    verifyDueAt: timestamp("verify_due_at", { withTimezone: true }),
    /** When "Sync all" asked for this mapping's run and no run has taken the request yet: its run is a "bulk" one. */
    syncAllRequestedAt: timestamp("sync_all_requested_at", { withTimezone: true }),
    lastRunId: uuid("last_run_id"),
    lastRunState: text("last_run_state").$type<"queued" | "running" | "succeeded" | "failed">(),
    lastRunAt: timestamp("last_run_at", { withTimezone: true }),
    lastRunMessage: text("last_run_message"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("mappings_workspace_organization_unique").on(table.workspaceId, table.organizationId),
    // The scheduler's look-up: only rows it can enqueue are in the index, ordered by due time.
    index("mappings_due_at_idx")
      .on(table.nextDueAt)
      .where(sql`${table.syncEnabled} and ${table.cwAgreementId} is not null and ${table.nextDueAt} is not null`),
    index("mappings_workspace_agreement_idx").on(table.workspaceId, table.cwAgreementId),
  ],
);

/** The per-workspace cache of ConnectWise's company directory (deleted companies left out). */
export const cwCompanies = pgTable(
  "cw_companies",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    cwId: integer("cw_id").notNull(),
    identifier: text("identifier").notNull(),
    name: text("name").notNull(),
    status: text("status"),
    /** Lower-cased, accent- and punctuation-free name without legal suffixes, for fuzzy search. */
    searchName: text("search_name").notNull(),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.cwId] })],
);

/** The per-workspace cache of ConnectWise agreements, refreshed per company when its dropdown opens. */
export const cwAgreements = pgTable(
  "cw_agreements",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    cwId: integer("cw_id").notNull(),
    cwCompanyId: integer("cw_company_id").notNull(),
    name: text("name").notNull(),
    typeName: text("type_name"),
    status: text("status"),
    cancelled: boolean("cancelled").notNull().default(false),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.cwId] }),
    index("cw_agreements_company_idx").on(table.workspaceId, table.cwCompanyId),
  ],
);

/**
 * The state of the workspace's company directory refresh: progress while it runs (companies read so far)
 * and when it last completed, for the "Refresh from ConnectWise" button.
 */
export const cwDirectoryRefreshes = pgTable("cw_directory_refreshes", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  state: text("state").$type<"queued" | "running" | "succeeded" | "failed">().notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }),
  companiesRead: integer("companies_read").notNull().default(0),
  agreementsRead: integer("agreements_read").notNull().default(0),
  lastSucceededAt: timestamp("last_succeeded_at", { withTimezone: true }),
  lastError: text("last_error"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Mapping = typeof mappings.$inferSelect;
export type NewMapping = typeof mappings.$inferInsert;
export type CwCompany = typeof cwCompanies.$inferSelect;
export type CwAgreement = typeof cwAgreements.$inferSelect;
export type CwDirectoryRefresh = typeof cwDirectoryRefreshes.$inferSelect;
