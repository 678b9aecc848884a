/**
 * The mapping table's actions: organization ↔ ConnectWise company and agreement, the sync toggle,
 * auto-match, bulk actions and CSV import/export. Every input id is checked against the caller's
 * workspace; the ConnectWise directory is read from the cache the directory refresh job fills.
 */
import { z } from "zod";
import type { Database } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import {
  countCompanies,
  findAgreement,
  findCompanies,
  findDirectoryRefresh,
  listCompanyCandidates,
  findSoleActiveAgreements,
  isAgreementUsable,
  listAllAgreements,
  listAllCompanies,
  listCompanyAgreements,
  removeAgreementsNotRefreshedSince,
  searchCompanies as searchCompanyDirectory,
  upsertAgreements,
  type AgreementOption,
  type CompanySearchResult,
} from "@/db/queries/directory";
import {
  countMappingRows,
  findMappingRows,
  findMappingRunStatuses,
  findOrganizationsOnAgreements,
  listAllMappingRows,
  listMappingRows,
  listUnmappedOrganizations,
  mappingFilters,
  mappingSorts,
  saveMapping,
  setSyncEnabled,
  upsertMappings,
  type MappingRow,
  type MappingValues,
} from "@/db/queries/mappings";
import { defineWorkspaceAction } from "@/lib/actions/define-action";
import type { WorkspaceContext } from "@/lib/auth/context";
import { isConnectWiseError } from "@/lib/connectwise";
import { SafeError } from "@/lib/errors";
import { connectWiseClientForWorkspace } from "@/lib/integrations/connectwise-connection";
import { checkMappingTarget } from "@/lib/mapping/check-mapping-target";
import { mappingImportSchema } from "@/lib/schemas/mapping-import";
import { formatMappingsCsv, validateMappingImport, type MappingImportError } from "@/lib/mapping/mapping-csv";
import { CompanyNameIndex } from "@/lib/mapping/company-name-index";
import { suggestCompany, type MatchSuggestion } from "@/lib/mapping/match-companies";
import { normalizeCompanyName } from "@/lib/mapping/normalize-company-name";
import { enqueueDirectoryRefresh } from "@/jobs/definitions/directory-refresh";
import { cancelOwnedAdditions, enqueueOrganizationSync } from "./sync";

const organizationIdsSchema = z.array(z.uuid()).min(1, "Select at least one organization").max(5000);
const connectWiseIdSchema = z.number().int().positive().max(2_147_483_647);

// ---------------------------------------------------------------------------------------------------
// Reads for the page (server components call these with the page's context).

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

function presentRow(
  row: MappingRow,
  suggestion: MatchSuggestion | null,
  sharesAgreementWith: string[],
): MappingTableRow {
  return { ...row, lastRunAt: row.lastRunAt?.toISOString() ?? null, suggestion, sharesAgreementWith };
}

interface CachedNameIndex {
  stamp: string;
  index: CompanyNameIndex;
}

// Built once per directory version (a refresh or a changed company count makes a new one), so the
// table's inline suggestions and a 5,000-organization auto-match cost milliseconds, not a query each.
const nameIndexes = new Map<string, CachedNameIndex>();
const MAX_CACHED_INDEXES = 8;

async function loadCompanyNameIndex(db: Database, workspaceId: string): Promise<CompanyNameIndex> {
  const [companies, refresh] = await Promise.all([
    countCompanies(db, { workspaceId }),
    findDirectoryRefresh(db, { workspaceId }),
  ]);
  const stamp = `${companies}|${refresh?.lastSucceededAt?.toISOString() ?? ""}`;
  const cached = nameIndexes.get(workspaceId);
  if (cached && cached.stamp === stamp) return cached.index;
  const index = new CompanyNameIndex(await listCompanyCandidates(db, { workspaceId }));
  nameIndexes.delete(workspaceId);
  nameIndexes.set(workspaceId, { stamp, index });
  if (nameIndexes.size > MAX_CACHED_INDEXES) nameIndexes.delete(nameIndexes.keys().next().value!);
  return index;
}

/** Suggestions for unmapped organizations, keyed by organization id (only those with one). */
export async function suggestCompaniesFor(
  db: Database,
  params: { workspaceId: string; organizations: ReadonlyArray<{ id: string; name: string }> },
) {
  const suggestions = new Map<string, MatchSuggestion>();
  if (params.organizations.length === 0) return suggestions;
  const index = await loadCompanyNameIndex(db, params.workspaceId);
  for (const organization of params.organizations) {
    const suggestion = suggestCompany(organization.name, index.findCandidates(normalizeCompanyName(organization.name)));
    if (suggestion) suggestions.set(organization.id, suggestion);
  }
  return suggestions;
}

async function describeSharedAgreements(db: Database, workspaceId: string, rows: readonly MappingRow[]) {
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
    rows: rows.map((row) => presentRow(row, suggestions.get(row.organizationId) ?? null, sharedWith(row))),
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

// ---------------------------------------------------------------------------------------------------
// Scheduling. The usage sync (lib/operations/sync.ts) owns running: turning sync on queues the first run
// at once; should that be refused (ConnectWise disconnected), nextDueAt = now lets its scheduler try.

async function scheduleFirstSync(db: Database, params: { workspaceId: string; organizationIds: readonly string[] }) {
  const enabled = await setSyncEnabled(db, {
    workspaceId: params.workspaceId,
    organizationIds: params.organizationIds,
    enabled: true,
    nextDueAt: new Date(),
  });
  const refused: string[] = [];
  for (const mapping of enabled) {
    try {
      await enqueueOrganizationSync(db, { workspaceId: params.workspaceId, mappingId: mapping.id, trigger: "enable" });
    } catch (error) {
      if (!(error instanceof SafeError)) throw error;
      refused.push(error.message);
    }
  }
  return { enabled, refused };
}

async function stopSync(
  db: Database,
  params: { workspaceId: string; organizationIds: readonly string[]; additions: "leave" | "cancel" },
) {
  const disabled = await setSyncEnabled(db, {
    workspaceId: params.workspaceId,
    organizationIds: params.organizationIds,
    enabled: false,
    nextDueAt: null,
  });
  let cancelled = 0;
  const failures: string[] = [];
  if (params.additions === "cancel") {
    for (const mapping of disabled) {
      try {
        const result = await cancelOwnedAdditions(db, { workspaceId: params.workspaceId, mappingId: mapping.id });
        cancelled += result.cancelled;
        if (result.error) failures.push(result.error);
      } catch (error) {
        if (!(error instanceof SafeError)) throw error;
        failures.push(error.message);
      }
    }
  }
  return { disabled, cancelled, failures };
}

// ---------------------------------------------------------------------------------------------------
// Directory

export const searchCompanies = defineWorkspaceAction({
  name: "mappings.searchCompanies",
  role: "admin",
  schema: z.object({ query: z.string().max(200) }),
  run: async (context, input): Promise<CompanySearchResult[]> =>
    searchCompanyDirectory(context.db, {
      workspaceId: context.workspace.id,
      query: input.query,
      normalizedQuery: normalizeCompanyName(input.query),
      limit: 20,
    }),
});

/** Reads one company's agreements from ConnectWise into the cache; false (cache kept) when ConnectWise cannot answer. */
async function refreshCompanyAgreements(
  db: Database,
  params: { workspaceId: string; companyId: number },
): Promise<{ refreshed: boolean; warning: string | null }> {
  try {
    const { client } = await connectWiseClientForWorkspace(db, {
      workspaceId: params.workspaceId,
      extra: { timeoutMs: 10_000 },
    });
    const startedAt = new Date();
    const agreements = await client.listAgreements({ companyId: params.companyId }).toArray();
    await upsertAgreements(db, {
      workspaceId: params.workspaceId,
      refreshedAt: startedAt,
      agreements: agreements.map((agreement) => ({
        cwId: agreement.id,
        cwCompanyId: params.companyId,
        name: agreement.name,
        typeName: agreement.typeName,
        status: agreement.status,
        cancelled: agreement.cancelled,
      })),
    });
    await removeAgreementsNotRefreshedSince(db, {
      workspaceId: params.workspaceId,
      companyId: params.companyId,
      since: startedAt,
    });
    return { refreshed: true, warning: null };
  } catch (error) {
    if (error instanceof SafeError || isConnectWiseError(error)) {
      return { refreshed: false, warning: `Showing the agreements known from the last refresh: ${error.message}` };
    }
    throw error;
  }
}

async function requireCompany(db: Database, workspaceId: string, companyId: number) {
  const [company] = await findCompanies(db, { workspaceId, ids: [companyId] });
  if (!company) {
    throw new SafeError(
      "That company is not in the ConnectWise directory (deleted, or not refreshed yet). Refresh from ConnectWise and try again.",
      "unknown-company",
      {
        companyId: "Choose a company from the list",
      },
    );
  }
  return company;
}

export const listAgreementsForCompany = defineWorkspaceAction({
  name: "mappings.listAgreements",
  role: "admin",
  schema: z.object({ companyId: connectWiseIdSchema, refresh: z.boolean().default(true) }),
  run: async (context, input): Promise<{ agreements: AgreementOption[]; warning: string | null }> => {
    await requireCompany(context.db, context.workspace.id, input.companyId);
    const { warning } = input.refresh
      ? await refreshCompanyAgreements(context.db, { workspaceId: context.workspace.id, companyId: input.companyId })
      : { warning: null };
    return {
      agreements: await listCompanyAgreements(context.db, {
        workspaceId: context.workspace.id,
        companyId: input.companyId,
      }),
      warning,
    };
  },
});

export const refreshDirectory = defineWorkspaceAction({
  name: "mappings.refreshDirectory",
  role: "admin",
  schema: z.object({}).strict(),
  run: async (context) => {
    await connectWiseClientForWorkspace(context.db, { workspaceId: context.workspace.id });
    const queued = await enqueueDirectoryRefresh(context.db, { workspaceId: context.workspace.id });
    return { queued, directory: await getDirectoryView(context.db, { workspaceId: context.workspace.id }) };
  },
});

// ---------------------------------------------------------------------------------------------------
// One mapping

function agreementWarnings(shared: string[]): string[] {
  if (shared.length === 0) return [];
  const names = shared.slice(0, 3).join(", ") + (shared.length > 3 ? ` and ${shared.length - 3} more` : "");
  return [
    `This agreement is shared with ${names}: each organization bills its own lines on it, labelled with its name.`,
  ];
}

export const saveMappingAction = defineWorkspaceAction({
  name: "mappings.save",
  role: "admin",
  schema: z.object({
    organizationId: z.uuid(),
    companyId: connectWiseIdSchema.nullable(),
    /** Omitted: keep the agreement if the company is unchanged, else preselect the company's only active agreement. */
    agreementId: connectWiseIdSchema.nullable().optional(),
  }),
  run: async (context, input) => {
    const workspaceId = context.workspace.id;
    const [existing] = await findMappingRows(context.db, { workspaceId, organizationIds: [input.organizationId] });
    if (!existing) throw new SafeError("That organization does not exist in this workspace.", "not-found");
    const values = await resolveMappingValues(context.db, workspaceId, existing, input);
    const warnings: string[] = [];
    if (existing.syncEnabled && !values.syncEnabled) {
      warnings.push(
        "Sync was turned off because the mapping changed. Additions already written to the previous agreement were left as they are.",
      );
    }
    const saved = await saveMapping(context.db, { workspaceId, organizationId: input.organizationId, values });
    if (!saved) throw new SafeError("That organization does not exist in this workspace.", "not-found");
    await recordAuditEvent(context.db, {
      workspaceId,
      actorUserId: context.user.id,
      action: "mapping.saved",
      targetType: "organization",
      targetId: input.organizationId,
      details: {
        companyId: values.company?.id ?? null,
        agreementId: values.agreement?.id ?? null,
        syncEnabled: values.syncEnabled,
      },
    });
    const [row] = await findMappingRows(context.db, { workspaceId, organizationIds: [input.organizationId] });
    const sharedWith = (await describeSharedAgreements(context.db, workspaceId, [row!]))(row!);
    return { row: presentRow(row!, null, sharedWith), warnings: [...warnings, ...agreementWarnings(sharedWith)] };
  },
});

async function resolveMappingValues(
  db: Database,
  workspaceId: string,
  existing: MappingRow,
  input: { companyId: number | null; agreementId?: number | null },
): Promise<MappingValues> {
  if (input.companyId === null) return { company: null, agreement: null, syncEnabled: false, nextDueAt: null };
  const company = await requireCompany(db, workspaceId, input.companyId);
  let agreement: MappingValues["agreement"] = null;
  if (input.agreementId === undefined) {
    if (existing.companyId === company.id && existing.agreementId !== null) {
      agreement = { id: existing.agreementId, name: existing.agreementName ?? "" };
    } else {
      await refreshCompanyAgreements(db, { workspaceId, companyId: company.id });
      agreement =
        (await findSoleActiveAgreements(db, { workspaceId, companyIds: [company.id] })).get(company.id) ?? null;
    }
  } else if (input.agreementId !== null) {
    const found = await findAgreement(db, { workspaceId, agreementId: input.agreementId });
    const problem = checkMappingTarget(
      { companyId: company.id, agreementId: input.agreementId, syncEnabled: false },
      { company, agreement: found },
    );
    if (problem || !found) {
      throw new SafeError(
        `${problem?.message ?? "That agreement is not known"}. Choose an active agreement of ${company.name}.`,
        problem?.code ?? "unknown-agreement",
        { agreementId: "Choose an active agreement of the selected company" },
      );
    }
    agreement = { id: found.id, name: found.name };
  }
  const unchanged = existing.companyId === company.id && existing.agreementId === (agreement?.id ?? null);
  // Moving a syncing organization to another agreement must be a deliberate second step.
  const syncEnabled = existing.syncEnabled && unchanged && agreement !== null;
  return {
    company: { id: company.id, identifier: company.identifier, name: company.name },
    agreement,
    syncEnabled,
    ...(syncEnabled ? {} : { nextDueAt: null }),
  };
}

// ---------------------------------------------------------------------------------------------------
// Sync toggle and bulk actions

export const setMappingSync = defineWorkspaceAction({
  name: "mappings.setSync",
  role: "admin",
  schema: z.object({
    organizationIds: organizationIdsSchema,
    enabled: z.boolean(),
    /** When turning off: what happens to the additions Billbridge already wrote. */
    additions: z.enum(["leave", "cancel"]).default("leave"),
  }),
  run: async (context, input) => {
    const workspaceId = context.workspace.id;
    const rows = await findMappingRows(context.db, { workspaceId, organizationIds: input.organizationIds });
    if (rows.length === 0) throw new SafeError("None of those organizations exist in this workspace.", "not-found");
    if (input.enabled) {
      const [companies, agreements] = await Promise.all([
        findCompanies(context.db, {
          workspaceId,
          ids: rows.flatMap((row) => (row.companyId === null ? [] : [row.companyId])),
        }),
        listAllAgreements(context.db, { workspaceId }),
      ]);
      const companiesById = new Map(companies.map((company) => [company.id, company]));
      const agreementsById = new Map(agreements.map((agreement) => [agreement.id, agreement]));
      const problems = rows.map((row) =>
        checkMappingTarget(
          { companyId: row.companyId, agreementId: row.agreementId, syncEnabled: true },
          {
            company: row.companyId === null ? null : companiesById.get(row.companyId),
            agreement: row.agreementId === null ? null : agreementsById.get(row.agreementId),
          },
        ),
      );
      const complete = rows.filter((_, index) => problems[index] === null).map((row) => row.organizationId);
      if (complete.length === 0) {
        const first = problems.find((problem) => problem !== null);
        throw new SafeError(
          first?.code === "incomplete-mapping" || !first
            ? "Sync turns on only for a complete mapping: choose a company and an agreement first."
            : `Sync was not turned on: ${first.message}.`,
          first?.code ?? "incomplete-mapping",
        );
      }
      const { enabled, refused } = await scheduleFirstSync(context.db, { workspaceId, organizationIds: complete });
      await recordAuditEvent(context.db, {
        workspaceId,
        actorUserId: context.user.id,
        action: "mapping.sync-enabled",
        targetType: "organization",
        details: { organizationIds: complete },
      });
      const skipped = rows.length - enabled.length;
      const plural = enabled.length === 1 ? "" : "s";
      return {
        changed: enabled.length,
        skipped,
        message:
          `Sync turned on for ${enabled.length} organization${plural}; ` +
          (refused.length === 0
            ? "the first sync is queued."
            : `the first sync will run when possible (${refused[0]}).`) +
          (skipped > 0 ? ` ${skipped} skipped (no complete mapping, or a cancelled or expired agreement).` : ""),
      };
    }
    const syncing = rows.filter((row) => row.syncEnabled).map((row) => row.organizationId);
    const { disabled, cancelled, failures } = await stopSync(context.db, {
      workspaceId,
      organizationIds: syncing,
      additions: input.additions,
    });
    await recordAuditEvent(context.db, {
      workspaceId,
      actorUserId: context.user.id,
      action: "mapping.sync-disabled",
      targetType: "organization",
      details: { organizationIds: syncing, additions: input.additions, cancelled },
    });
    const plural = disabled.length === 1 ? "" : "s";
    let message = `Sync turned off for ${disabled.length} organization${plural}; `;
    if (input.additions === "leave") message += "their additions were left as they are.";
    else
      message +=
        `${cancelled} addition${cancelled === 1 ? "" : "s"} cancelled.` +
        (failures.length > 0 ? ` Some could not be cancelled: ${failures[0]}` : "");
    return { changed: disabled.length, skipped: rows.length - disabled.length, cancelled, failures, message };
  },
});

export const clearMappings = defineWorkspaceAction({
  name: "mappings.clear",
  role: "admin",
  schema: z.object({ organizationIds: organizationIdsSchema }),
  run: async (context, input) => {
    const workspaceId = context.workspace.id;
    const rows = await findMappingRows(context.db, { workspaceId, organizationIds: input.organizationIds });
    const mapped = rows.filter((row) => row.mappingId !== null && (row.companyId !== null || row.syncEnabled));
    for (const row of mapped) {
      await saveMapping(context.db, {
        workspaceId,
        organizationId: row.organizationId,
        values: { company: null, agreement: null, syncEnabled: false, nextDueAt: null },
      });
    }
    await recordAuditEvent(context.db, {
      workspaceId,
      actorUserId: context.user.id,
      action: "mapping.cleared",
      targetType: "organization",
      details: { organizationIds: mapped.map((row) => row.organizationId) },
    });
    return {
      cleared: mapped.length,
      message: `${mapped.length} mapping${mapped.length === 1 ? "" : "s"} cleared; additions already in ConnectWise were left as they are.`,
    };
  },
});

// ---------------------------------------------------------------------------------------------------
// Auto-match

export interface AutoMatchProposal {
  organizationId: string;
  organizationName: string;
  company: { id: number; identifier: string; name: string };
  agreement: { id: number; name: string } | null;
  score: number;
}

/** High-confidence suggestions for every unmapped organization (or the given ones), with their preselected agreement. */
async function proposeHighConfidenceMatches(
  db: Database,
  params: { workspaceId: string; organizationIds?: readonly string[] },
): Promise<AutoMatchProposal[]> {
  const organizations = await listUnmappedOrganizations(db, params);
  const suggestions = await suggestCompaniesFor(db, { workspaceId: params.workspaceId, organizations });
  const high = organizations.flatMap((organization) => {
    const suggestion = suggestions.get(organization.id);
    return suggestion && suggestion.confidence === "high" ? [{ organization, suggestion }] : [];
  });
  const sole = await findSoleActiveAgreements(db, {
    workspaceId: params.workspaceId,
    companyIds: high.map((entry) => entry.suggestion.companyId),
  });
  return high.map(({ organization, suggestion }) => ({
    organizationId: organization.id,
    organizationName: organization.name,
    company: { id: suggestion.companyId, identifier: suggestion.identifier, name: suggestion.name },
    agreement: sole.get(suggestion.companyId) ?? null,
    score: suggestion.score,
  }));
}

export const previewAutoMatch = defineWorkspaceAction({
  name: "mappings.previewAutoMatch",
  role: "admin",
  schema: z.object({}).strict(),
  run: async (context) => {
    const proposals = await proposeHighConfidenceMatches(context.db, { workspaceId: context.workspace.id });
    return {
      proposals,
      unmapped: (await listUnmappedOrganizations(context.db, { workspaceId: context.workspace.id })).length,
    };
  },
});

export const acceptAutoMatches = defineWorkspaceAction({
  name: "mappings.acceptAutoMatches",
  role: "admin",
  schema: z.object({ organizationIds: organizationIdsSchema }),
  run: async (context, input) => {
    const workspaceId = context.workspace.id;
    // Recomputed here: the browser only says which of the previewed rows to take, never which company.
    const proposals = await proposeHighConfidenceMatches(context.db, {
      workspaceId,
      organizationIds: input.organizationIds,
    });
    const [companies, agreements] = await Promise.all([
      findCompanies(context.db, { workspaceId, ids: proposals.map((proposal) => proposal.company.id) }),
      listAllAgreements(context.db, { workspaceId }),
    ]);
    const companiesById = new Map(companies.map((company) => [company.id, company]));
    const agreementsById = new Map(agreements.map((agreement) => [agreement.id, agreement]));
    for (const proposal of proposals) {
      const problem = checkMappingTarget(
        { companyId: proposal.company.id, agreementId: proposal.agreement?.id ?? null, syncEnabled: false },
        {
          company: companiesById.get(proposal.company.id),
          agreement: proposal.agreement ? agreementsById.get(proposal.agreement.id) : null,
        },
      );
      // The directory changed between the preview and now: the company alone is still a safe match.
      if (problem?.field === "agreementId") proposal.agreement = null;
      else if (problem) continue;
      // Sync stays off: auto-match never starts billing by itself.
      await saveMapping(context.db, {
        workspaceId,
        organizationId: proposal.organizationId,
        values: { company: proposal.company, agreement: proposal.agreement, syncEnabled: false },
      });
    }
    await recordAuditEvent(context.db, {
      workspaceId,
      actorUserId: context.user.id,
      action: "mapping.auto-matched",
      targetType: "organization",
      details: {
        mapped: proposals.map((proposal) => ({
          organizationId: proposal.organizationId,
          companyId: proposal.company.id,
          agreementId: proposal.agreement?.id ?? null,
        })),
      },
    });
    const withoutAgreement = proposals.filter((proposal) => proposal.agreement === null).length;
    return {
      accepted: proposals.length,
      withoutAgreement,
      message: `${proposals.length} organization${proposals.length === 1 ? "" : "s"} mapped${withoutAgreement > 0 ? `; ${withoutAgreement} still need an agreement` : ""}. Sync stays off until you turn it on.`,
    };
  },
});

// ---------------------------------------------------------------------------------------------------
// CSV

export const exportMappingsCsv = defineWorkspaceAction({
  name: "mappings.exportCsv",
  role: "viewer",
  schema: z.object({}).strict(),
  run: async (context) => {
    const rows = await listAllMappingRows(context.db, { workspaceId: context.workspace.id });
    const csv = formatMappingsCsv(
      rows.map((row) => ({
        organizationExternalId: row.externalId,
        organizationName: row.organizationName,
        companyId: row.companyId,
        companyIdentifier: row.companyIdentifier,
        companyName: row.companyName,
        agreementId: row.agreementId,
        agreementName: row.agreementName,
        syncEnabled: row.syncEnabled,
      })),
    );
    return {
      filename: `connectwise-mappings-${context.workspace.slug}-${new Date().toISOString().slice(0, 10)}.csv`,
      csv,
      rows: rows.length,
    };
  },
});

export const importMappingsCsv = defineWorkspaceAction({
  name: "mappings.importCsv",
  role: "admin",
  schema: mappingImportSchema,
  run: async (
    context,
    input,
  ): Promise<{ applied: number; unchanged: number; errors: MappingImportError[]; message: string }> => {
    const workspaceId = context.workspace.id;
    const [rows, companies, agreements] = await Promise.all([
      listAllMappingRows(context.db, { workspaceId }),
      listAllCompanies(context.db, { workspaceId }),
      listAllAgreements(context.db, { workspaceId }),
    ]);
    const { changes, errors } = validateMappingImport(input.csv, {
      organizationsByExternalId: new Map(
        rows.map((row) => [row.externalId, { id: row.organizationId, name: row.organizationName }]),
      ),
      companiesById: new Map(companies.map((company) => [company.id, company])),
      companiesByIdentifier: new Map(companies.map((company) => [company.identifier.toLowerCase(), company])),
      agreementsById: new Map(agreements.map((agreement) => [agreement.id, agreement])),
    });
    if (errors.length > 0) {
      return {
        applied: 0,
        unchanged: 0,
        errors,
        message: `Nothing was imported: ${errors.length} problem${errors.length === 1 ? "" : "s"} in the file.`,
      };
    }
    const current = new Map(rows.map((row) => [row.organizationId, row]));
    const effective = changes.filter((change) => {
      const row = current.get(change.organizationId)!;
      return (
        row.companyId !== (change.company?.id ?? null) ||
        row.agreementId !== (change.agreement?.id ?? null) ||
        row.syncEnabled !== change.syncEnabled
      );
    });
    await context.db.transaction(async (transaction) => {
      await upsertMappings(transaction as unknown as Database, {
        workspaceId,
        rows: effective.map((change) => ({
          organizationId: change.organizationId,
          values: { company: change.company, agreement: change.agreement, syncEnabled: change.syncEnabled },
        })),
      });
    });
    await recordAuditEvent(context.db, {
      workspaceId,
      actorUserId: context.user.id,
      action: "mapping.imported",
      targetType: "organization",
      details: { changed: effective.length, lines: changes.length },
    });
    return {
      applied: effective.length,
      unchanged: changes.length - effective.length,
      errors: [],
      message: `${effective.length} mapping${effective.length === 1 ? "" : "s"} imported${changes.length - effective.length > 0 ? `, ${changes.length - effective.length} already as in the file` : ""}.`,
    };
  },
});

export const mappingActions = [
  searchCompanies,
  listAgreementsForCompany,
  refreshDirectory,
  saveMappingAction,
  setMappingSync,
  clearMappings,
  previewAutoMatch,
  acceptAutoMatches,
  exportMappingsCsv,
  importMappingsCsv,
] as const;

export { isAgreementUsable };
