import { and, asc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import type { Database } from "../index";
import { organizations, products, usage } from "../schema";
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
