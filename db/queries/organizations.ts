import { and, asc, eq, gt, ilike, inArray, ne, or, sql } from "drizzle-orm";
import type { Database } from "../index";
import { mappings, organizations, products, syncRuns, usage } from "../schema";
import { escapeSqlLikePattern } from "./like-pattern";

export interface OrganizationListParams {
  workspaceId: string;
  search?: string;
  page: number;
  pageSize: number;
}

export interface OrganizationWithUsage {
  id: string;
  externalId: string;
  name: string;
  status: "active" | "suspended" | "deleted";
  /** When the platform last reported this organization's usage; null if it never did. */
  usageReportedAt: Date | null;
  usage: Record<string, number>;
}

/** One page of the workspace's organizations (name order) with their current usage per product id. */
export async function listOrganizationsWithUsage(
  db: Database,
  params: OrganizationListParams,
): Promise<{ rows: OrganizationWithUsage[]; total: number }> {
  const search = params.search?.trim();
  const where = and(
    eq(organizations.workspaceId, params.workspaceId),
    ne(organizations.status, "deleted"),
    search
      ? or(
          ilike(organizations.name, `%${escapeSqlLikePattern(search)}%`),
          ilike(organizations.externalId, `%${escapeSqlLikePattern(search)}%`),
        )
      : undefined,
  );
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(organizations)
    .where(where);
  const page = await db
    .select({
      id: organizations.id,
      externalId: organizations.externalId,
      name: organizations.name,
      status: organizations.status,
      usageReportedAt: organizations.usageReportedAt,
    })
    .from(organizations)
    .where(where)
    .orderBy(asc(sql`lower(${organizations.name})`), asc(organizations.id))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize);
  const usageRows =
    page.length === 0
      ? []
      : await db
          .select({ organizationId: usage.organizationId, productId: usage.productId, quantity: usage.quantity })
          .from(usage)
          .where(
            and(
              eq(usage.workspaceId, params.workspaceId),
              inArray(
                usage.organizationId,
                page.map((row) => row.id),
              ),
            ),
          );
  const usageByOrganization = new Map<string, Record<string, number>>();
  for (const row of usageRows) {
    const entry = usageByOrganization.get(row.organizationId) ?? {};
    entry[row.productId] = Number(row.quantity);
    usageByOrganization.set(row.organizationId, entry);
  }
  return { rows: page.map((row) => ({ ...row, usage: usageByOrganization.get(row.id) ?? {} })), total };
}

export async function listProducts(db: Database, params: { workspaceId: string }) {
  return db
    .select({
      id: products.id,
      sku: products.sku,
      name: products.name,
      unit: products.unit,
      active: products.active,
    })
    .from(products)
    .where(eq(products.workspaceId, params.workspaceId))
    .orderBy(asc(products.name));
}

/** A platform organization with its mapping state, as the platform API returns it. */
export interface PlatformOrganizationRow {
  id: string;
  externalId: string;
  name: string;
  status: "active" | "suspended" | "deleted";
  usageAsOf: Date | null;
  usageReportedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  mapping: {
    companyName: string | null;
    agreementName: string | null;
    syncEnabled: boolean;
    lastRunState: "queued" | "running" | "succeeded" | "failed" | null;
    lastRunFinishedAt: Date | null;
  } | null;
}

function platformOrganizationColumns() {
  return {
    id: organizations.id,
    externalId: organizations.externalId,
    name: organizations.name,
    status: organizations.status,
    usageAsOf: organizations.usageAsOf,
    usageReportedAt: organizations.usageReportedAt,
    createdAt: organizations.createdAt,
    updatedAt: organizations.updatedAt,
    mappingId: mappings.id,
    companyName: mappings.cwCompanyName,
    agreementName: mappings.cwAgreementName,
    syncEnabled: mappings.syncEnabled,
    lastRunState: mappings.lastRunState,
    lastRunFinishedAt: syncRuns.finishedAt,
  };
}

function toPlatformOrganization(row: {
  id: string;
  externalId: string;
  name: string;
  status: "active" | "suspended" | "deleted";
  usageAsOf: Date | null;
  usageReportedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  mappingId: string | null;
  companyName: string | null;
  agreementName: string | null;
  syncEnabled: boolean | null;
  lastRunState: "queued" | "running" | "succeeded" | "failed" | null;
  lastRunFinishedAt: Date | null;
}): PlatformOrganizationRow {
  const { mappingId, companyName, agreementName, syncEnabled, lastRunState, lastRunFinishedAt, ...organization } = row;
  return {
    ...organization,
    mapping:
      mappingId === null
        ? null
        : { companyName, agreementName, syncEnabled: syncEnabled ?? false, lastRunState, lastRunFinishedAt },
  };
}

/** One organization of the workspace by its platform id (deleted ones included), with its mapping. */
export async function findPlatformOrganization(
  db: Database,
  params: { workspaceId: string; externalId: string },
): Promise<PlatformOrganizationRow | null> {
  const [row] = await db
    .select(platformOrganizationColumns())
    .from(organizations)
    .leftJoin(
      mappings,
      and(eq(mappings.organizationId, organizations.id), eq(mappings.workspaceId, params.workspaceId)),
    )
    .leftJoin(syncRuns, and(eq(syncRuns.id, mappings.lastRunId), eq(syncRuns.workspaceId, params.workspaceId)))
    .where(and(eq(organizations.workspaceId, params.workspaceId), eq(organizations.externalId, params.externalId)));
  return row ? toPlatformOrganization(row) : null;
}

/** A page of the workspace's organizations (deleted ones left out) in external id order, after `afterExternalId`. */
export async function listPlatformOrganizations(
  db: Database,
  params: { workspaceId: string; afterExternalId: string | null; limit: number },
): Promise<PlatformOrganizationRow[]> {
  const rows = await db
    .select(platformOrganizationColumns())
    .from(organizations)
    .leftJoin(
      mappings,
      and(eq(mappings.organizationId, organizations.id), eq(mappings.workspaceId, params.workspaceId)),
    )
    .leftJoin(syncRuns, and(eq(syncRuns.id, mappings.lastRunId), eq(syncRuns.workspaceId, params.workspaceId)))
    .where(
      and(
        eq(organizations.workspaceId, params.workspaceId),
        ne(organizations.status, "deleted"),
        params.afterExternalId === null ? undefined : gt(organizations.externalId, params.afterExternalId),
      ),
    )
    .orderBy(asc(organizations.externalId))
    .limit(params.limit);
  return rows.map(toPlatformOrganization);
}

/** Current usage of the given organizations of the workspace, as SKU → quantity per organization id. */
export async function listUsageBySku(
  db: Database,
  params: { workspaceId: string; organizationIds: string[] },
): Promise<Map<string, Record<string, number>>> {
  const result = new Map<string, Record<string, number>>();
  if (params.organizationIds.length === 0) return result;
  const rows = await db
    .select({ organizationId: usage.organizationId, sku: products.sku, quantity: usage.quantity })
    .from(usage)
    .innerJoin(products, and(eq(products.id, usage.productId), eq(products.workspaceId, params.workspaceId)))
    .where(and(eq(usage.workspaceId, params.workspaceId), inArray(usage.organizationId, params.organizationIds)));
  for (const row of rows) {
    const quantity = Number(row.quantity);
    if (quantity === 0) continue;
    const entry = result.get(row.organizationId) ?? {};
    entry[row.sku] = quantity;
    result.set(row.organizationId, entry);
  }
  return result;
}

export async function insertOrganization(
  db: Database,
  params: { workspaceId: string; externalId: string; name: string; status: "active" | "suspended" },
) {
  const [row] = await db
    .insert(organizations)
    .values({
      workspaceId: params.workspaceId,
      externalId: params.externalId,
      name: params.name,
      status: params.status,
    })
    .returning();
  return row!;
}

export async function updateOrganization(
  db: Database,
  params: {
    workspaceId: string;
    organizationId: string;
    values: { name?: string; status?: "active" | "suspended" | "deleted" };
  },
) {
  const [row] = await db
    .update(organizations)
    .set({ ...params.values, updatedAt: new Date() })
    .where(and(eq(organizations.workspaceId, params.workspaceId), eq(organizations.id, params.organizationId)))
    .returning();
  return row!;
}

/** Organizations of the workspace with these platform ids (deleted ones included): id, external id, status. */
export async function listOrganizationsByExternalIds(
  db: Database,
  params: { workspaceId: string; externalIds: string[] },
) {
  if (params.externalIds.length === 0) return [];
  return db
    .select({ id: organizations.id, externalId: organizations.externalId, status: organizations.status })
    .from(organizations)
    .where(
      and(
        eq(organizations.workspaceId, params.workspaceId),
        sql`${organizations.externalId} in (select jsonb_array_elements_text(${JSON.stringify(params.externalIds)}::jsonb))`,
      ),
    );
}
