import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "../index";
import { mappings, organizations, type Mapping } from "../schema";
import { escapeSqlLikePattern } from "./like-pattern";

export const mappingFilters = ["all", "unmapped", "mapped", "sync-on", "failing"] as const;
export type MappingFilter = (typeof mappingFilters)[number];
export const mappingSorts = ["organization", "company", "agreement", "sync", "last-sync"] as const;
export type MappingSort = (typeof mappingSorts)[number];

export interface MappingRow {
  organizationId: string;
  externalId: string;
  organizationName: string;
  organizationStatus: "active" | "suspended" | "deleted";
  mappingId: string | null;
  companyId: number | null;
  companyIdentifier: string | null;
  companyName: string | null;
  agreementId: number | null;
  agreementName: string | null;
  syncEnabled: boolean;
  lastRunId: string | null;
  lastRunState: Mapping["lastRunState"];
  lastRunAt: Date | null;
  lastRunMessage: string | null;
}

const rowColumns = {
  organizationId: organizations.id,
  externalId: organizations.externalId,
  organizationName: organizations.name,
  organizationStatus: organizations.status,
  mappingId: mappings.id,
  companyId: mappings.cwCompanyId,
  companyIdentifier: mappings.cwCompanyIdentifier,
  companyName: mappings.cwCompanyName,
  agreementId: mappings.cwAgreementId,
  agreementName: mappings.cwAgreementName,
  syncEnabled: sql<boolean>`coalesce(${mappings.syncEnabled}, false)`,
  lastRunId: mappings.lastRunId,
  lastRunState: mappings.lastRunState,
  lastRunAt: mappings.lastRunAt,
  lastRunMessage: mappings.lastRunMessage,
};

function filterCondition(filter: MappingFilter): SQL | undefined {
  switch (filter) {
    case "unmapped":
      return isNull(mappings.cwCompanyId);
    case "mapped":
      return isNotNull(mappings.cwCompanyId);
    case "sync-on":
      return eq(mappings.syncEnabled, true);
    case "failing":
      return eq(mappings.lastRunState, "failed");
    default:
      return undefined;
  }
}

function searchCondition(search: string | undefined): SQL | undefined {
  const text = search?.trim();
  if (!text) return undefined;
  const pattern = `%${escapeSqlLikePattern(text)}%`;
  return or(
    ilike(organizations.name, pattern),
    ilike(organizations.externalId, pattern),
    ilike(mappings.cwCompanyName, pattern),
    ilike(mappings.cwCompanyIdentifier, pattern),
  );
}

function orderFor(sort: MappingSort, direction: "asc" | "desc"): SQL[] {
  const by = direction === "asc" ? asc : desc;
  const nullsLast = (expression: SQL) => sql`${expression} ${sql.raw(direction)} nulls last`;
  const byName = by(sql`lower(${organizations.name})`);
  switch (sort) {
    case "company":
      return [nullsLast(sql`lower(${mappings.cwCompanyName})`), asc(sql`lower(${organizations.name})`)];
    case "agreement":
      return [nullsLast(sql`lower(${mappings.cwAgreementName})`), asc(sql`lower(${organizations.name})`)];
    case "sync":
      return [by(sql`coalesce(${mappings.syncEnabled}, false)`), asc(sql`lower(${organizations.name})`)];
    case "last-sync":
      return [nullsLast(sql`${mappings.lastRunAt}`), asc(sql`lower(${organizations.name})`)];
    default:
      return [byName];
  }
}

/** One page of the mapping table: every organization of the workspace with its mapping, if any. */
export async function listMappingRows(
  db: Database,
  params: {
    workspaceId: string;
    search?: string;
    filter: MappingFilter;
    sort: MappingSort;
    direction: "asc" | "desc";
    page: number;
    pageSize: number;
  },
): Promise<{ rows: MappingRow[]; total: number }> {
  const where = and(
    eq(organizations.workspaceId, params.workspaceId),
    ne(organizations.status, "deleted"),
    filterCondition(params.filter),
    searchCondition(params.search),
  );
  const join = and(eq(mappings.organizationId, organizations.id), eq(mappings.workspaceId, params.workspaceId));
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(organizations)
    .leftJoin(mappings, join)
    .where(where);
  const rows = await db
    .select(rowColumns)
    .from(organizations)
    .leftJoin(mappings, join)
    .where(where)
    .orderBy(...orderFor(params.sort, params.direction), asc(organizations.id))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize);
  return { rows, total };
}

/** Counts per filter, for the filter tabs. */
export async function countMappingRows(
  db: Database,
  params: { workspaceId: string },
): Promise<Record<MappingFilter, number>> {
  const [row] = await db
    .select({
      all: sql<number>`count(*)::int`,
      mapped: sql<number>`count(${mappings.cwCompanyId})::int`,
      syncOn: sql<number>`count(*) filter (where ${mappings.syncEnabled})::int`,
      failing: sql<number>`count(*) filter (where ${mappings.lastRunState} = 'failed')::int`,
    })
    .from(organizations)
    .leftJoin(
      mappings,
      and(eq(mappings.organizationId, organizations.id), eq(mappings.workspaceId, params.workspaceId)),
    )
    .where(and(eq(organizations.workspaceId, params.workspaceId), ne(organizations.status, "deleted")));
  const counts = row ?? { all: 0, mapped: 0, syncOn: 0, failing: 0 };
  return {
    all: counts.all,
    unmapped: counts.all - counts.mapped,
    mapped: counts.mapped,
    "sync-on": counts.syncOn,
    failing: counts.failing,
  };
}

/** The rows for these organizations (ids not of the workspace are simply absent). */
export async function findMappingRows(
  db: Database,
  params: { workspaceId: string; organizationIds: readonly string[] },
): Promise<MappingRow[]> {
  if (params.organizationIds.length === 0) return [];
  return db
    .select(rowColumns)
    .from(organizations)
    .leftJoin(
      mappings,
      and(eq(mappings.organizationId, organizations.id), eq(mappings.workspaceId, params.workspaceId)),
    )
    .where(
      and(eq(organizations.workspaceId, params.workspaceId), inArray(organizations.id, [...params.organizationIds])),
    );
}

export interface MappingValues {
  company: { id: number; identifier: string; name: string } | null;
  agreement: { id: number; name: string } | null;
  syncEnabled: boolean;
  /** Set when sync turns on: the scheduler's next due time. */
  nextDueAt?: Date | null;
}

/** Stable per organization, so scheduled runs spread over the hour instead of all starting at :00. */
function scheduleOffsetFor(organizationId: string): number {
  let hash = 0;
  for (const character of organizationId) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return hash % 3600;
}

/** Creates or updates the organization's mapping. The organization must belong to the workspace (checked here). */
export async function upsertMapping(
  db: Database,
  params: { workspaceId: string; organizationId: string; values: MappingValues },
): Promise<Mapping | null> {
  const [organization] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.workspaceId, params.workspaceId), eq(organizations.id, params.organizationId)));
  if (!organization) return null;
  const values = {
    cwCompanyId: params.values.company?.id ?? null,
    cwCompanyIdentifier: params.values.company?.identifier ?? null,
    cwCompanyName: params.values.company?.name ?? null,
    cwAgreementId: params.values.agreement?.id ?? null,
    cwAgreementName: params.values.agreement?.name ?? null,
    syncEnabled: params.values.syncEnabled,
    ...(params.values.nextDueAt === undefined ? {} : { nextDueAt: params.values.nextDueAt }),
    updatedAt: new Date(),
  };
  const [row] = await db
    .insert(mappings)
    .values({
      ...values,
      workspaceId: params.workspaceId,
      organizationId: params.organizationId,
      scheduleOffsetSeconds: scheduleOffsetFor(params.organizationId),
    })
    .onConflictDoUpdate({ target: [mappings.workspaceId, mappings.organizationId], set: values })
    .returning();
  return row ?? null;
}

/**
 * Creates or updates many organizations' mappings in batches (the CSV import). Every organization id
 * must already be known to belong to the workspace. A mapping whose sync turns on is due at once; one
 * that stays on keeps its schedule; one that is off has none.
 */
export async function upsertMappings(
  db: Database,
  params: {
    workspaceId: string;
    rows: ReadonlyArray<{ organizationId: string; values: Omit<MappingValues, "nextDueAt"> }>;
  },
): Promise<number> {
  const batchSize = 1_000;
  let saved = 0;
  for (let index = 0; index < params.rows.length; index += batchSize) {
    const now = new Date();
    const batch = params.rows.slice(index, index + batchSize).map(({ organizationId, values }) => ({
      workspaceId: params.workspaceId,
      organizationId,
      cwCompanyId: values.company?.id ?? null,
      cwCompanyIdentifier: values.company?.identifier ?? null,
      cwCompanyName: values.company?.name ?? null,
      cwAgreementId: values.agreement?.id ?? null,
      cwAgreementName: values.agreement?.name ?? null,
      syncEnabled: values.syncEnabled,
      nextDueAt: values.syncEnabled ? now : null,
      scheduleOffsetSeconds: scheduleOffsetFor(organizationId),
      updatedAt: now,
    }));
    const rows = await db
      .insert(mappings)
      .values(batch)
      .onConflictDoUpdate({
        target: [mappings.workspaceId, mappings.organizationId],
        set: {
          cwCompanyId: sql`excluded.cw_company_id`,
          cwCompanyIdentifier: sql`excluded.cw_company_identifier`,
          cwCompanyName: sql`excluded.cw_company_name`,
          cwAgreementId: sql`excluded.cw_agreement_id`,
          cwAgreementName: sql`excluded.cw_agreement_name`,
          syncEnabled: sql`excluded.sync_enabled`,
          nextDueAt: sql`case when not excluded.sync_enabled then null when ${mappings.syncEnabled} then ${mappings.nextDueAt} else excluded.next_due_at end`,
          updatedAt: sql`excluded.updated_at`,
        },
        setWhere: eq(mappings.workspaceId, params.workspaceId),
      })
      .returning({ id: mappings.id });
    saved += rows.length;
  }
  return saved;
}

export async function setSyncEnabled(
  db: Database,
  params: { workspaceId: string; organizationIds: readonly string[]; enabled: boolean; nextDueAt?: Date | null },
): Promise<Mapping[]> {
  if (params.organizationIds.length === 0) return [];
  return db
    .update(mappings)
    .set({
      syncEnabled: params.enabled,
      ...(params.nextDueAt === undefined ? {} : { nextDueAt: params.nextDueAt }),
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(mappings.workspaceId, params.workspaceId),
        inArray(mappings.organizationId, [...params.organizationIds]),
        // Sync runs only on a complete mapping.
        params.enabled ? and(isNotNull(mappings.cwCompanyId), isNotNull(mappings.cwAgreementId)) : undefined,
      ),
    )
    .returning();
}

/** Other organizations of the workspace mapped to these agreements (for the "same agreement" warning). */
export async function findOrganizationsOnAgreements(
  db: Database,
  params: { workspaceId: string; agreementIds: readonly number[] },
): Promise<Array<{ agreementId: number; organizationId: string; organizationName: string }>> {
  if (params.agreementIds.length === 0) return [];
  const rows = await db
    .select({
      agreementId: mappings.cwAgreementId,
      organizationId: organizations.id,
      organizationName: organizations.name,
    })
    .from(mappings)
    .innerJoin(
      organizations,
      and(eq(organizations.id, mappings.organizationId), eq(organizations.workspaceId, params.workspaceId)),
    )
    .where(
      and(
        eq(mappings.workspaceId, params.workspaceId),
        inArray(mappings.cwAgreementId, [...new Set(params.agreementIds)]),
      ),
    );
  return rows.map((row) => ({ ...row, agreementId: row.agreementId! }));
}

/** Organizations without a company, for auto-match. */
export async function listUnmappedOrganizations(
  db: Database,
  params: { workspaceId: string; organizationIds?: readonly string[] },
) {
  return db
    .select({ id: organizations.id, externalId: organizations.externalId, name: organizations.name })
    .from(organizations)
    .leftJoin(
      mappings,
      and(eq(mappings.organizationId, organizations.id), eq(mappings.workspaceId, params.workspaceId)),
    )
    .where(
      and(
        eq(organizations.workspaceId, params.workspaceId),
        ne(organizations.status, "deleted"),
        isNull(mappings.cwCompanyId),
        params.organizationIds ? inArray(organizations.id, [...params.organizationIds]) : undefined,
      ),
    )
    .orderBy(asc(sql`lower(${organizations.name})`), asc(organizations.id));
}

/** Every organization with its mapping, for the CSV export and the import's lookups. */
export async function listAllMappingRows(db: Database, params: { workspaceId: string }): Promise<MappingRow[]> {
  return db
    .select(rowColumns)
    .from(organizations)
    .leftJoin(
      mappings,
      and(eq(mappings.organizationId, organizations.id), eq(mappings.workspaceId, params.workspaceId)),
    )
    .where(and(eq(organizations.workspaceId, params.workspaceId), ne(organizations.status, "deleted")))
    .orderBy(asc(sql`lower(${organizations.name})`), asc(organizations.id));
}

export interface MappingRunStatus {
  organizationId: string;
  syncEnabled: boolean;
  lastRunId: string | null;
  lastRunState: Mapping["lastRunState"];
  lastRunAt: Date | null;
  lastRunMessage: string | null;
}

/** The last-run fields of these organizations' mappings, for the table's live status. */
export async function findMappingRunStatuses(
  db: Database,
  params: { workspaceId: string; organizationIds: readonly string[] },
): Promise<MappingRunStatus[]> {
  if (params.organizationIds.length === 0) return [];
  return db
    .select({
      organizationId: mappings.organizationId,
      syncEnabled: mappings.syncEnabled,
      lastRunId: mappings.lastRunId,
      lastRunState: mappings.lastRunState,
      lastRunAt: mappings.lastRunAt,
      lastRunMessage: mappings.lastRunMessage,
    })
    .from(mappings)
    .where(
      and(eq(mappings.workspaceId, params.workspaceId), inArray(mappings.organizationId, [...params.organizationIds])),
    );
}

/**
 * Makes the enabled, fully mapped rows of these organizations due now (their usage changed), so the
 * next sweep enqueues them; a row already due keeps its earlier time. Returns the ids made due.
 */
export async function updateMappingsDueForOrganizations(
  db: Database,
  params: { workspaceId: string; organizationIds: string[] },
): Promise<string[]> {
  if (params.organizationIds.length === 0) return [];
  const rows = await db.execute<{ id: string }>(sql`
    update ${mappings}
    set next_due_at = least(coalesce(${mappings.nextDueAt}, now()), now())
    from unnest(${`{${params.organizationIds.join(",")}}`}::uuid[]) as changed(id)
    where ${mappings.workspaceId} = ${params.workspaceId}
      and ${mappings.organizationId} = changed.id
      and ${mappings.syncEnabled}
      and ${mappings.cwAgreementId} is not null
    returning ${mappings.id} as id`);
  return rows.map((row) => row.id);
}

/** Turns sync off for the organization's mapping (the organization left the platform); the mapping or null. */
export async function disableMappingOfOrganization(
  db: Database,
  params: { workspaceId: string; organizationId: string },
) {
  const [row] = await db
    .update(mappings)
    .set({ syncEnabled: false, nextDueAt: null, updatedAt: new Date() })
    .where(and(eq(mappings.workspaceId, params.workspaceId), eq(mappings.organizationId, params.organizationId)))
    .returning();
  return row ?? null;
}

/**
 * Makes the workspace's enabled, fully mapped rows (or only `mappingIds`) due now: something their
 * desired state is made from changed (prices, products, a policy). A row already due keeps its earlier
 * time. Returns how many rows are due.
 */
export async function updateMappingsDue(db: Database, params: { workspaceId: string; mappingIds?: readonly string[] }) {
  const only =
    params.mappingIds === undefined
      ? sql``
      : sql`and ${mappings.id} = any(${`{${params.mappingIds.join(",")}}`}::uuid[])`;
  const rows = await db.execute<{ id: string }>(sql`
    update ${mappings}
    set next_due_at = least(coalesce(${mappings.nextDueAt}, now()), now())
    where ${mappings.workspaceId} = ${params.workspaceId}
      and ${mappings.syncEnabled}
      and ${mappings.cwAgreementId} is not null
      ${only}
    returning ${mappings.id} as id`);
  return rows.length;
}
