/**
 * The mapping table's reads: one page of organizations with their mapping, inline company suggestions
 * and shared-agreement notes, the directory's refresh state, and live last-run statuses.
 */
import { z } from "zod";
import type { Database } from "@/db";
import { countCompanies, findDirectoryRefresh } from "@/db/queries/directory";
import {
  countMappingRows,
  findMappingRunStatuses,
  findOrganizationsOnAgreements,
  listMappingRows,
  mappingFilters,
  mappingSorts,
  type MappingRow,
} from "@/db/queries/mappings";
import type { WorkspaceContext } from "@/lib/auth/context";
import type { MatchSuggestion } from "@/lib/mapping/match-companies";
import { suggestCompaniesFor } from "@/lib/mapping/suggest-companies";

export const mappingTableQuerySchema = z.object({
  q: z.string().max(200).optional().catch(undefined),
  filter: z.enum(mappingFilters).optional().catch("all").default("all"),
  sort: z.enum(mappingSorts).optional().catch("organization").default("organization"),
  direction: z.enum(["asc", "desc"]).optional().catch("asc").default("asc"),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(1).default(1),
  pageSize: z.coerce
    .number()
    .int()
    .refine((value) => [25, 50, 100].includes(value))
    .optional()
    .catch(50)
    .default(50),
});
export type MappingTableQuery = z.output<typeof mappingTableQuerySchema>;

export interface MappingTableRow extends Omit<MappingRow, "lastRunAt"> {
  lastRunAt: string | null;
  suggestion: MatchSuggestion | null;
  /** Names of the other organizations mapped to the same agreement. */
  sharesAgreementWith: string[];
}

export function presentMappingRow(
  row: MappingRow,
  suggestion: MatchSuggestion | null,
  sharesAgreementWith: string[],
): MappingTableRow {
  return { ...row, lastRunAt: row.lastRunAt?.toISOString() ?? null, suggestion, sharesAgreementWith };
}

/** For each row, the names of the other organizations mapped to its agreement. */
export async function describeSharedAgreements(db: Database, workspaceId: string, rows: readonly MappingRow[]) {
  const agreementIds = rows.map((row) => row.agreementId).filter((id): id is number => id !== null);
  const onAgreements = await findOrganizationsOnAgreements(db, { workspaceId, agreementIds });
  return (row: MappingRow) =>
    row.agreementId === null
      ? []
      : onAgreements
          .filter((other) => other.agreementId === row.agreementId && other.organizationId !== row.organizationId)
          .map((other) => other.organizationName);
}

export async function getMappingTable(context: WorkspaceContext, query: MappingTableQuery) {
  const workspaceId = context.workspace.id;
  const [{ rows, total }, counts, directoryCompanies, refresh] = await Promise.all([
    listMappingRows(context.db, {
      workspaceId,
      search: query.q,
      filter: query.filter,
      sort: query.sort,
      direction: query.direction,
      page: query.page,
      pageSize: query.pageSize,
    }),
    countMappingRows(context.db, { workspaceId }),
    countCompanies(context.db, { workspaceId }),
    findDirectoryRefresh(context.db, { workspaceId }),
  ]);
  const unmapped = rows
    .filter((row) => row.companyId === null)
    .map((row) => ({ id: row.organizationId, name: row.organizationName }));
  const [suggestions, sharedWith] = await Promise.all([
    directoryCompanies > 0
      ? suggestCompaniesFor(context.db, { workspaceId, organizations: unmapped })
      : new Map<string, MatchSuggestion>(),
    describeSharedAgreements(context.db, workspaceId, rows),
  ]);
  return {
    rows: rows.map((row) => presentMappingRow(row, suggestions.get(row.organizationId) ?? null, sharedWith(row))),
    total,
    counts,
    directory: presentDirectory(directoryCompanies, refresh),
  };
}

export interface DirectoryView {
  companies: number;
  state: "never" | "queued" | "running" | "succeeded" | "failed";
  companiesRead: number;
  agreementsRead: number;
  lastSucceededAt: string | null;
  lastError: string | null;
}

function presentDirectory(companies: number, refresh: Awaited<ReturnType<typeof findDirectoryRefresh>>): DirectoryView {
  return {
    companies,
    state: refresh?.state ?? "never",
    companiesRead: refresh?.companiesRead ?? 0,
    agreementsRead: refresh?.agreementsRead ?? 0,
    lastSucceededAt: refresh?.lastSucceededAt?.toISOString() ?? null,
    lastError: refresh?.lastError ?? null,
  };
}

export async function getDirectoryView(db: Database, params: { workspaceId: string }): Promise<DirectoryView> {
  const [companies, refresh] = await Promise.all([countCompanies(db, params), findDirectoryRefresh(db, params)]);
  return presentDirectory(companies, refresh);
}

/** The last-run fields of these organizations, for the table's live status (route handler). */
export async function getMappingStatuses(context: WorkspaceContext, organizationIds: readonly string[]) {
  const rows = await findMappingRunStatuses(context.db, { workspaceId: context.workspace.id, organizationIds });
  return rows.map((row) => ({ ...row, lastRunAt: row.lastRunAt?.toISOString() ?? null }));
}
