import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Database } from "../index";
import { cwAgreements, cwCompanies, cwDirectoryRefreshes, type CwDirectoryRefresh } from "../schema";
import { escapeSqlLikePattern } from "./like-pattern";

/** Per statement: postgres.js parameters stay far below PostgreSQL's 65,535 limit. */
const UPSERT_BATCH = 1000;

export interface DirectoryCompany {
  cwId: number;
  identifier: string;
  name: string;
  status: string | null;
  /** normalizeCompanyName(name). */
  searchName: string;
}

export interface DirectoryAgreement {
  cwId: number;
  cwCompanyId: number;
  name: string;
  typeName: string | null;
  status: string | null;
  cancelled: boolean;
}

export async function upsertCompanies(
  db: Database,
  params: { workspaceId: string; companies: readonly DirectoryCompany[]; refreshedAt: Date },
) {
  for (let start = 0; start < params.companies.length; start += UPSERT_BATCH) {
    const batch = params.companies.slice(start, start + UPSERT_BATCH);
    await db
      .insert(cwCompanies)
      .values(
        batch.map((company) => ({ ...company, workspaceId: params.workspaceId, refreshedAt: params.refreshedAt })),
      )
      .onConflictDoUpdate({
        target: [cwCompanies.workspaceId, cwCompanies.cwId],
        set: {
          identifier: sql`excluded.identifier`,
          name: sql`excluded.name`,
          status: sql`excluded.status`,
          searchName: sql`excluded.search_name`,
          refreshedAt: sql`excluded.refreshed_at`,
        },
      });
  }
}

/** After a full pass: companies the pass did not see (deleted or gone in ConnectWise) leave the cache. */
export async function removeCompaniesNotRefreshedSince(
  db: Database,
  params: { workspaceId: string; since: Date },
): Promise<number> {
  const removed = await db
    .delete(cwCompanies)
    .where(and(eq(cwCompanies.workspaceId, params.workspaceId), lt(cwCompanies.refreshedAt, params.since)))
    .returning({ cwId: cwCompanies.cwId });
  return removed.length;
}

export async function upsertAgreements(
  db: Database,
  params: { workspaceId: string; agreements: readonly DirectoryAgreement[]; refreshedAt: Date },
) {
  for (let start = 0; start < params.agreements.length; start += UPSERT_BATCH) {
    const batch = params.agreements.slice(start, start + UPSERT_BATCH);
    await db
      .insert(cwAgreements)
      .values(
        batch.map((agreement) => ({ ...agreement, workspaceId: params.workspaceId, refreshedAt: params.refreshedAt })),
      )
      .onConflictDoUpdate({
        target: [cwAgreements.workspaceId, cwAgreements.cwId],
        set: {
          cwCompanyId: sql`excluded.cw_company_id`,
          name: sql`excluded.name`,
          typeName: sql`excluded.type_name`,
          status: sql`excluded.status`,
          cancelled: sql`excluded.cancelled`,
          refreshedAt: sql`excluded.refreshed_at`,
        },
      });
  }
}

/** Agreements not seen since `since` (of one company, or of the whole directory) leave the cache. */
export async function removeAgreementsNotRefreshedSince(
  db: Database,
  params: { workspaceId: string; since: Date; companyId?: number },
): Promise<number> {
  const removed = await db
    .delete(cwAgreements)
    .where(
      and(
        eq(cwAgreements.workspaceId, params.workspaceId),
        lt(cwAgreements.refreshedAt, params.since),
        params.companyId === undefined ? undefined : eq(cwAgreements.cwCompanyId, params.companyId),
      ),
    )
    .returning({ cwId: cwAgreements.cwId });
  return removed.length;
}

export interface CompanySearchResult {
  id: number;
  identifier: string;
  name: string;
  status: string | null;
  score: number;
}

/**
 * "Select Customer": up to `limit` companies for what the admin typed, best first. Trigram similarity
 * on the normalized name (typos, accents, legal suffixes), word similarity (a word or two of a longer
 * name), and prefix matches on the name and identifier; the gin trigram indexes answer all of them.
 */
export async function listMatchingCompanies(
  db: Database,
  params: { workspaceId: string; query: string; normalizedQuery: string; limit?: number },
): Promise<CompanySearchResult[]> {
  const limit = params.limit ?? 20;
  const raw = params.query.trim().toLowerCase();
  // A query that is only a legal suffix ("inc") normalizes to nothing: search the simplified text then.
  const normalized = params.normalizedQuery || raw;
  if (raw === "" || normalized === "") {
    const rows = await db
      .select({
        id: cwCompanies.cwId,
        identifier: cwCompanies.identifier,
        name: cwCompanies.name,
        status: cwCompanies.status,
      })
      .from(cwCompanies)
      .where(eq(cwCompanies.workspaceId, params.workspaceId))
      .orderBy(asc(sql`lower(${cwCompanies.name})`), asc(cwCompanies.cwId))
      .limit(limit);
    return rows.map((row) => ({ ...row, score: 0 }));
  }
  const prefix = `${escapeSqlLikePattern(normalized)}%`;
  const identifierPrefix = `${escapeSqlLikePattern(raw)}%`;
  // Each branch is one condition a gin trigram index answers alone; scores are computed only for the
  // hits. One query with the four conditions OR-ed makes the planner scan and score every company.
  const rows = await db.transaction(async (transaction) => {
    await transaction.execute(sql`set local enable_seqscan = off`);
    return transaction.execute<{
      id: number;
      identifier: string;
      name: string;
      status: string | null;
      score: number;
    }>(sql`
      with hits as (
        select workspace_id, cw_id from cw_companies where search_name % ${normalized}
        union select workspace_id, cw_id from cw_companies where ${normalized} <% search_name
        union select workspace_id, cw_id from cw_companies where search_name like ${prefix}
        union select workspace_id, cw_id from cw_companies where lower(identifier) like ${identifierPrefix}
      )
      select c.cw_id as id, c.identifier, c.name, c.status,
        greatest(
          similarity(c.search_name, ${normalized}),
          word_similarity(${normalized}, c.search_name) * 0.9,
          case when c.search_name like ${prefix} then 0.95 else 0 end,
          case when lower(c.identifier) = ${raw} then 1 when lower(c.identifier) like ${identifierPrefix} then 0.9 else 0 end
        ) as score
      from hits join cw_companies c on c.workspace_id = hits.workspace_id and c.cw_id = hits.cw_id
      where c.workspace_id = ${params.workspaceId}
      order by score desc, lower(c.name), c.cw_id
      limit ${limit}`);
  });
  return rows.map((row) => ({
    id: Number(row.id),
    identifier: row.identifier,
    name: row.name,
    status: row.status,
    score: Number(row.score),
  }));
}

export async function findCompanies(db: Database, params: { workspaceId: string; ids: readonly number[] }) {
  if (params.ids.length === 0) return [];
  return db
    .select({
      id: cwCompanies.cwId,
      identifier: cwCompanies.identifier,
      name: cwCompanies.name,
      status: cwCompanies.status,
    })
    .from(cwCompanies)
    .where(and(eq(cwCompanies.workspaceId, params.workspaceId), inArray(cwCompanies.cwId, [...params.ids])));
}

/** Every company of the directory, for CSV import lookups (id, identifier, name only). */
export async function listAllCompanies(db: Database, params: { workspaceId: string }) {
  return db
    .select({ id: cwCompanies.cwId, identifier: cwCompanies.identifier, name: cwCompanies.name })
    .from(cwCompanies)
    .where(eq(cwCompanies.workspaceId, params.workspaceId));
}

export async function listAllAgreements(db: Database, params: { workspaceId: string }) {
  return db
    .select({ id: cwAgreements.cwId, companyId: cwAgreements.cwCompanyId, name: cwAgreements.name })
    .from(cwAgreements)
    .where(eq(cwAgreements.workspaceId, params.workspaceId));
}

export async function countCompanies(db: Database, params: { workspaceId: string }): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(cwCompanies)
    .where(eq(cwCompanies.workspaceId, params.workspaceId));
  return row?.count ?? 0;
}

export interface AgreementOption {
  id: number;
  companyId: number;
  name: string;
  typeName: string | null;
  status: string | null;
  cancelled: boolean;
}

/** Agreements that can carry billing: not cancelled and not expired. */
export function isAgreementUsable(agreement: Pick<AgreementOption, "cancelled" | "status">): boolean {
  if (agreement.cancelled) return false;
  const status = (agreement.status ?? "").toLowerCase();
  return status !== "cancelled" && status !== "expired";
}

/** A company's agreements from the cache: usable ones first, then by name. */
export async function listCompanyAgreements(
  db: Database,
  params: { workspaceId: string; companyId: number },
): Promise<AgreementOption[]> {
  const rows = await db
    .select({
      id: cwAgreements.cwId,
      companyId: cwAgreements.cwCompanyId,
      name: cwAgreements.name,
      typeName: cwAgreements.typeName,
      status: cwAgreements.status,
      cancelled: cwAgreements.cancelled,
    })
    .from(cwAgreements)
    .where(and(eq(cwAgreements.workspaceId, params.workspaceId), eq(cwAgreements.cwCompanyId, params.companyId)))
    .orderBy(asc(sql`lower(${cwAgreements.name})`), asc(cwAgreements.cwId));
  return rows.sort((left, right) => Number(isAgreementUsable(right)) - Number(isAgreementUsable(left)));
}

export async function findAgreement(
  db: Database,
  params: { workspaceId: string; agreementId: number },
): Promise<AgreementOption | null> {
  const [row] = await db
    .select({
      id: cwAgreements.cwId,
      companyId: cwAgreements.cwCompanyId,
      name: cwAgreements.name,
      typeName: cwAgreements.typeName,
      status: cwAgreements.status,
      cancelled: cwAgreements.cancelled,
    })
    .from(cwAgreements)
    .where(and(eq(cwAgreements.workspaceId, params.workspaceId), eq(cwAgreements.cwId, params.agreementId)));
  return row ?? null;
}

/** Only the agreements whose company has exactly one usable agreement, keyed by company id. */
export async function findSoleActiveAgreements(
  db: Database,
  params: { workspaceId: string; companyIds: readonly number[] },
): Promise<Map<number, { id: number; name: string }>> {
  const sole = new Map<number, { id: number; name: string }>();
  if (params.companyIds.length === 0) return sole;
  const rows = await db
    .select({
      id: cwAgreements.cwId,
      companyId: cwAgreements.cwCompanyId,
      name: cwAgreements.name,
      status: cwAgreements.status,
      cancelled: cwAgreements.cancelled,
    })
    .from(cwAgreements)
    .where(
      and(
        eq(cwAgreements.workspaceId, params.workspaceId),
        inArray(cwAgreements.cwCompanyId, [...new Set(params.companyIds)]),
        eq(cwAgreements.cancelled, false),
      ),
    );
  const usable = new Map<number, Array<{ id: number; name: string }>>();
  for (const row of rows) {
    if (!isAgreementUsable(row)) continue;
    const list = usable.get(row.companyId) ?? [];
    list.push({ id: row.id, name: row.name });
    usable.set(row.companyId, list);
  }
  for (const [companyId, list] of usable) if (list.length === 1) sole.set(companyId, list[0]!);
  return sole;
}

export async function findDirectoryRefresh(
  db: Database,
  params: { workspaceId: string },
): Promise<CwDirectoryRefresh | null> {
  const [row] = await db
    .select()
    .from(cwDirectoryRefreshes)
    .where(eq(cwDirectoryRefreshes.workspaceId, params.workspaceId));
  return row ?? null;
}

/** Records that a refresh was asked for; false when one is already queued or running (less than an hour old). */
export async function markDirectoryRefreshQueued(db: Database, params: { workspaceId: string }): Promise<boolean> {
  const rows = await db
    .insert(cwDirectoryRefreshes)
    .values({
      workspaceId: params.workspaceId,
      state: "queued",
      companiesRead: 0,
      agreementsRead: 0,
      updatedAt: new Date(),
    })
    .onConflictDoUpdate({
      target: cwDirectoryRefreshes.workspaceId,
      set: { state: "queued", companiesRead: 0, agreementsRead: 0, lastError: null, updatedAt: new Date() },
      setWhere: sql`${cwDirectoryRefreshes.state} not in ('queued', 'running') or ${cwDirectoryRefreshes.updatedAt} < now() - interval '1 hour'`,
    })
    .returning({ workspaceId: cwDirectoryRefreshes.workspaceId });
  return rows.length > 0;
}

export async function recordDirectoryRefreshProgress(
  db: Database,
  params: {
    workspaceId: string;
    state: "running" | "succeeded" | "failed";
    startedAt?: Date;
    companiesRead?: number;
    agreementsRead?: number;
    error?: string | null;
  },
) {
  const now = new Date();
  const values = {
    state: params.state,
    ...(params.startedAt ? { startedAt: params.startedAt } : {}),
    ...(params.companiesRead === undefined ? {} : { companiesRead: params.companiesRead }),
    ...(params.agreementsRead === undefined ? {} : { agreementsRead: params.agreementsRead }),
    ...(params.state === "succeeded" ? { lastSucceededAt: now, lastError: null } : {}),
    ...(params.error !== undefined ? { lastError: params.error } : {}),
    updatedAt: now,
  };
  await db
    .insert(cwDirectoryRefreshes)
    .values({ workspaceId: params.workspaceId, ...values })
    .onConflictDoUpdate({ target: cwDirectoryRefreshes.workspaceId, set: values });
}

/** Every cached company in the shape auto-match scores, for the in-memory name index. */
export async function listCompanyCandidates(db: Database, params: { workspaceId: string }) {
  return db
    .select({
      companyId: cwCompanies.cwId,
      identifier: cwCompanies.identifier,
      name: cwCompanies.name,
      searchName: cwCompanies.searchName,
    })
    .from(cwCompanies)
    .where(eq(cwCompanies.workspaceId, params.workspaceId));
}

/** Fresh statistics after a bulk load, so the planner uses the trigram indexes for search. */
export async function analyzeDirectory(db: Database): Promise<void> {
  await db.execute(sql`analyze cw_companies`);
  await db.execute(sql`analyze cw_agreements`);
}

/** Workspaces whose ConnectWise connection is in use, for the scheduled directory refresh. */
