import type { Database } from "@/db";
import { listAllAgreements, listAllCompanies } from "@/db/queries/directory";
import { listAllMappingRows, upsertMapping } from "@/db/queries/mappings";
import { validateMappingImport, type MappingImportError } from "./mapping-csv";

/**
 * Applies a mapping CSV to the workspace: every line is checked first, and a file with any error changes
 * nothing. Lines already as in the file are left alone; a line that turns sync on makes the mapping due now.
 */
export async function importMappings(
  db: Database,
  params: { workspaceId: string; csv: string },
): Promise<{ applied: number; unchanged: number; errors: MappingImportError[] }> {
  const workspaceId = params.workspaceId;
  const [rows, companies, agreements] = await Promise.all([
    listAllMappingRows(db, { workspaceId }),
    listAllCompanies(db, { workspaceId }),
    listAllAgreements(db, { workspaceId }),
  ]);
  const { changes, errors } = validateMappingImport(params.csv, {
    organizationsByExternalId: new Map(
      rows.map((row) => [row.externalId, { id: row.organizationId, name: row.organizationName }]),
    ),
    companiesById: new Map(companies.map((company) => [company.id, company])),
    companiesByIdentifier: new Map(companies.map((company) => [company.identifier.toLowerCase(), company])),
    agreementsById: new Map(agreements.map((agreement) => [agreement.id, agreement])),
  });
  if (errors.length > 0) return { applied: 0, unchanged: 0, errors };
  const current = new Map(rows.map((row) => [row.organizationId, row]));
  const effective = changes.filter((change) => {
    const row = current.get(change.organizationId)!;
    return (
      row.companyId !== (change.company?.id ?? null) ||
      row.agreementId !== (change.agreement?.id ?? null) ||
      row.syncEnabled !== change.syncEnabled
    );
  });
  await db.transaction(async (transaction) => {
    const inTransaction = transaction as unknown as Database;
    for (const change of effective) {
      const row = current.get(change.organizationId)!;
      const startsSyncing = change.syncEnabled && !row.syncEnabled;
      await upsertMapping(inTransaction, {
        workspaceId,
        organizationId: change.organizationId,
        values: {
          company: change.company,
          agreement: change.agreement,
          syncEnabled: change.syncEnabled,
          ...(startsSyncing ? { nextDueAt: new Date() } : change.syncEnabled ? {} : { nextDueAt: null }),
        },
      });
    }
  });
  return { applied: effective.length, unchanged: changes.length - effective.length, errors: [] };
}
