import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { workspaces } from "./workspaces";

export const connectionStatus = pgEnum("psa_connection_status", ["connected", "unhealthy", "disconnected"]);

/** One permission line of the last connection check, as shown in the checklist. */
export interface StoredPermissionResult {
  permission: string;
  granted: boolean | null;
  detail: string;
  requiredBy: "seed" | "edit";
  blocksWhenMissing: string;
}

/** Catalog publishing settings (the first catalog publish fills them); null until chosen. */
export interface CatalogSettings {
  productTypeId: number;
  productTypeName: string;
  categoryId: number;
  categoryName: string;
  subcategoryId: number;
  subcategoryName: string;
  unitOfMeasureId: number | null;
  unitOfMeasureName: string | null;
  /** The ConnectWise unit of each product unit ("user" → User); units not listed use unitOfMeasureId. */
  unitsByProductUnit?: Record<string, { id: number; name: string }>;
  identifierPrefix: string;
  pricePolicy: { kind: "suggested" } | { kind: "markup"; percent: number };
  taxable: boolean;
}

export interface SyncPolicy {
  removal: "cancel" | "zero";
  drift: "overwrite" | "keep";
  managePrice: boolean;
}

/**
 * The workspace's ConnectWise connection. The private key is stored only encrypted (AES-256-GCM,
 * `private_key_key_version` names the APP_ENCRYPTION_KEY that sealed it) and never leaves the server.
 */
export const psaConnections = pgTable(
  "psa_connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    provider: text("provider").$type<"connectwise">().notNull().default("connectwise"),
    siteUrl: text("site_url").notNull(),
    companyId: text("company_id").notNull(),
    companyName: text("company_name"),
    publicKey: text("public_key"),
    privateKeyCiphertext: text("private_key_ciphertext"),
    privateKeyKeyVersion: integer("private_key_key_version"),
    apiBaseUrl: text("api_base_url"),
    codebase: text("codebase"),
    status: connectionStatus("status").notNull(),
    statusReason: text("status_reason"),
    connectedAt: timestamp("connected_at", { withTimezone: true }),
    connectedByUserId: text("connected_by_user_id").references(() => users.id, { onDelete: "set null" }),
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    permissionResults: jsonb("permission_results").$type<StoredPermissionResult[]>().notNull().default([]),
    catalogSettings: jsonb("catalog_settings").$type<CatalogSettings | null>(),
    syncPolicy: jsonb("sync_policy")
      .$type<SyncPolicy>()
      .notNull()
      .default({ removal: "cancel", drift: "overwrite", managePrice: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("psa_connections_workspace_provider_unique").on(table.workspaceId, table.provider)],
);

/**
 * A successful "Connect" for exact values: Apply is accepted only with the id of a recent check whose
 * fingerprint (an HMAC of the four values, never the key itself) matches what is being saved.
 */
export const psaConnectionChecks = pgTable(
  "psa_connection_checks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    fingerprint: text("fingerprint").notNull(),
    siteUrl: text("site_url").notNull(),
    companyId: text("company_id").notNull(),
    companyName: text("company_name"),
    apiBaseUrl: text("api_base_url").notNull(),
    codebase: text("codebase").notNull(),
    permissionResults: jsonb("permission_results").$type<StoredPermissionResult[]>().notNull(),
    checkedByUserId: text("checked_by_user_id").references(() => users.id, { onDelete: "set null" }),
    checkedAt: timestamp("checked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("psa_connection_checks_workspace_idx").on(table.workspaceId, table.checkedAt)],
);

export type PsaConnection = typeof psaConnections.$inferSelect;
export type NewPsaConnection = typeof psaConnections.$inferInsert;
export type PsaConnectionCheck = typeof psaConnectionChecks.$inferSelect;
