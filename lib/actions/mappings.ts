/**
 * The mapping table's workspace actions: organization ↔ ConnectWise company and agreement, the sync
 * toggle, auto-match, bulk actions and CSV import/export. Every input id is checked against the
 * caller's workspace; the ConnectWise directory is read from the cache the directory refresh job fills.
 */
import { z } from "zod";
import { recordActionAuditEvent } from "@/lib/audit/record-action-event";
import {
  findCompanies,
  listAllAgreements,
  listCompanyAgreements,
  listMatchingCompanies,
  type AgreementOption,
  type CompanySearchResult,
} from "@/db/queries/directory";
import { findMappingRows, listAllMappingRows, listUnmappedOrganizations, upsertMapping } from "@/db/queries/mappings";
import { connectWiseClientForWorkspace } from "@/lib/connection/client-for-workspace";
import { SafeError } from "@/lib/errors";
import { enqueueDirectoryRefresh } from "@/lib/mapping/enqueue-directory-refresh";
import { checkMappingTarget } from "@/lib/mapping/check-mapping-target";
import { importMappings } from "@/lib/mapping/import-mappings";
import { formatMappingsCsv, type MappingImportError } from "@/lib/mapping/mapping-csv";
import { normalizeCompanyName } from "@/lib/mapping/normalize-company-name";
import { proposeHighConfidenceMatches } from "@/lib/mapping/propose-auto-matches";
import { refreshCompanyAgreements } from "@/lib/mapping/refresh-company-agreements";
import { requireCompany, resolveMappingValues } from "@/lib/mapping/resolve-mapping-values";
import { countOwnedLiveAdditions } from "@/db/queries/sync";
import { describeSharedAgreements, getDirectoryView, presentMappingRow } from "@/lib/read-models/mapping-table";
import { mappingImportSchema } from "@/lib/schemas/mapping-import";
import { scheduleFirstSync, stopSync } from "@/lib/sync/toggle-sync";
import { defineWorkspaceAction } from "./define-action";
import { plural } from "@/lib/format";

const organizationIdsSchema = z.array(z.uuid()).min(1, "Select at least one organization").max(5000);
const connectWiseIdSchema = z.number().int().positive().max(2_147_483_647);

export const searchCompaniesAction = defineWorkspaceAction({
  name: "mappings.searchCompanies",
  role: "admin",
  schema: z.object({ query: z.string().max(200) }),
  run: async (context, input): Promise<CompanySearchResult[]> =>
    listMatchingCompanies(context.db, {
      workspaceId: context.workspace.id,
      query: input.query,
      normalizedQuery: normalizeCompanyName(input.query),
      limit: 20,
    }),
});

export const listAgreementsAction = defineWorkspaceAction({
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

export const refreshDirectoryAction = defineWorkspaceAction({
  name: "mappings.refreshDirectory",
  role: "admin",
  schema: z.object({}).strict(),
  run: async (context) => {
    await connectWiseClientForWorkspace(context.db, { workspaceId: context.workspace.id });
    const queued = await enqueueDirectoryRefresh(context.db, { workspaceId: context.workspace.id });
    return { queued, directory: await getDirectoryView(context.db, { workspaceId: context.workspace.id }) };
  },
});

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
    const saved = await upsertMapping(context.db, { workspaceId, organizationId: input.organizationId, values });
    if (!saved) throw new SafeError("That organization does not exist in this workspace.", "not-found");
    await recordActionAuditEvent(context, {
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
    const owned = await countOwnedLiveAdditions(context.db, { workspaceId, organizationIds: [input.organizationId] });
    return {
      row: presentMappingRow(row!, null, sharedWith, {
        driftCorrections: [],
        ownedAdditions: owned.get(input.organizationId) ?? 0,
      }),
      warnings: [...warnings, ...agreementWarnings(sharedWith)],
    };
  },
});

export const setMappingSyncAction = defineWorkspaceAction({
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
      await recordActionAuditEvent(context, {
        action: "mapping.sync-enabled",
        targetType: "organization",
        details: { organizationIds: complete },
      });
      const skipped = rows.length - enabled.length;
      return {
        changed: enabled.length,
        skipped,
        message:
          `Sync turned on for ${enabled.length} ${plural(enabled.length, "organization")}; ` +
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
    await recordActionAuditEvent(context, {
      action: "mapping.sync-disabled",
      targetType: "organization",
      details: { organizationIds: syncing, additions: input.additions, cancelled },
    });
    let message = `Sync turned off for ${disabled.length} ${plural(disabled.length, "organization")}; `;
    if (input.additions === "leave") message += "their additions were left as they are.";
    else
      message +=
        `${cancelled} ${plural(cancelled, "addition")} cancelled.` +
        (failures.length > 0 ? ` Some could not be cancelled: ${failures[0]}` : "");
    return { changed: disabled.length, skipped: rows.length - disabled.length, cancelled, failures, message };
  },
});

export const clearMappingsAction = defineWorkspaceAction({
  name: "mappings.clear",
  role: "admin",
  schema: z.object({ organizationIds: organizationIdsSchema }),
  run: async (context, input) => {
    const workspaceId = context.workspace.id;
    const rows = await findMappingRows(context.db, { workspaceId, organizationIds: input.organizationIds });
    const mapped = rows.filter((row) => row.mappingId !== null && (row.companyId !== null || row.syncEnabled));
    for (const row of mapped) {
      await upsertMapping(context.db, {
        workspaceId,
        organizationId: row.organizationId,
        values: { company: null, agreement: null, syncEnabled: false, nextDueAt: null },
      });
    }
    await recordActionAuditEvent(context, {
      action: "mapping.cleared",
      targetType: "organization",
      details: { organizationIds: mapped.map((row) => row.organizationId) },
    });
    return {
      cleared: mapped.length,
      message: `${mapped.length} ${plural(mapped.length, "mapping")} cleared; additions already in ConnectWise were left as they are.`,
    };
  },
});

export const previewAutoMatchAction = defineWorkspaceAction({
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

export const acceptAutoMatchesAction = defineWorkspaceAction({
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
      await upsertMapping(context.db, {
        workspaceId,
        organizationId: proposal.organizationId,
        values: { company: proposal.company, agreement: proposal.agreement, syncEnabled: false },
      });
    }
    await recordActionAuditEvent(context, {
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
      message: `${proposals.length} ${plural(proposals.length, "organization")} mapped${withoutAgreement > 0 ? `; ${withoutAgreement} still need an agreement` : ""}. Sync stays off until you turn it on.`,
    };
  },
});

export const exportMappingsCsvAction = defineWorkspaceAction({
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

export const importMappingsCsvAction = defineWorkspaceAction({
  name: "mappings.importCsv",
  role: "admin",
  schema: mappingImportSchema,
  run: async (
    context,
    input,
  ): Promise<{ applied: number; unchanged: number; errors: MappingImportError[]; message: string }> => {
    const workspaceId = context.workspace.id;
    const result = await importMappings(context.db, { workspaceId, csv: input.csv });
    if (result.errors.length > 0) {
      return {
        applied: 0,
        unchanged: 0,
        errors: result.errors,
        message: `Nothing was imported: ${result.errors.length} ${plural(result.errors.length, "problem")} in the file.`,
      };
    }
    await recordActionAuditEvent(context, {
      action: "mapping.imported",
      targetType: "organization",
      details: { changed: result.applied, lines: result.applied + result.unchanged },
    });
    return {
      applied: result.applied,
      unchanged: result.unchanged,
      errors: [],
      message: `${result.applied} ${plural(result.applied, "mapping")} imported${result.unchanged > 0 ? `, ${result.unchanged} already as in the file` : ""}.`,
    };
  },
});

export const mappingActions = [
  searchCompaniesAction,
  listAgreementsAction,
  refreshDirectoryAction,
  saveMappingAction,
  setMappingSyncAction,
  clearMappingsAction,
  previewAutoMatchAction,
  acceptAutoMatchesAction,
  exportMappingsCsvAction,
  importMappingsCsvAction,
] as const;
