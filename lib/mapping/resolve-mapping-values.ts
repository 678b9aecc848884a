import type { Database } from "@/db";
import { findAgreement, findCompanies, findSoleActiveAgreements } from "@/db/queries/directory";
import type { MappingRow, MappingValues } from "@/db/queries/mappings";
import { SafeError } from "@/lib/errors";
import { refreshCompanyAgreements } from "./refresh-company-agreements";

/** The company from the workspace's directory cache; SafeError (on the company field) when it is not there. */
export async function requireCompany(db: Database, workspaceId: string, companyId: number) {
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

/**
 * What saving a mapping writes: the company, the agreement (kept, preselected when the company has one
 * active agreement, or the one chosen, checked to belong to the company and not cancelled) and whether
 * sync stays on.
 */
export async function resolveMappingValues(
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
    if (!found || found.companyId !== company.id) {
      throw new SafeError(
        `That agreement does not belong to ${company.name}. Choose one of its agreements.`,
        "agreement-mismatch",
        { agreementId: "Choose an agreement of the selected company" },
      );
    }
    if (found.cancelled)
      throw new SafeError(
        `The agreement "${found.name}" is cancelled in ConnectWise: usage cannot be billed on it.`,
        "agreement-cancelled",
        { agreementId: "Choose an active agreement" },
      );
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
