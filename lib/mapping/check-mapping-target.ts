/**
 * The one set of rules every way of setting a mapping applies (the table, CSV import, auto-match,
 * bulk "turn sync on"): the company exists in the directory, the agreement belongs to that company
 * and is open (neither cancelled nor expired), and sync is on only for a complete mapping. Pure: the
 * caller looks the company and agreement up in the directory cache and passes what it found.
 */
import { isAgreementUsable } from "@/db/queries/directory";

export interface CompanyFacts {
  id: number;
  identifier: string;
  name: string;
}

export interface AgreementFacts {
  id: number;
  companyId: number;
  name: string;
  status: string | null;
  cancelled: boolean;
}

export interface MappingTarget {
  companyId: number | null;
  agreementId: number | null;
  syncEnabled: boolean;
}

export type MappingTargetProblemCode =
  | "unknown-company"
  | "agreement-without-company"
  | "unknown-agreement"
  | "agreement-mismatch"
  | "agreement-cancelled"
  | "incomplete-mapping";

export interface MappingTargetProblem {
  code: MappingTargetProblemCode;
  field: "companyId" | "agreementId" | "syncEnabled";
  message: string;
}

/** The first rule `target` breaks, or null. `company`/`agreement` are the directory's entries for its ids. */
export function checkMappingTarget(
  target: MappingTarget,
  found: { company: CompanyFacts | null | undefined; agreement: AgreementFacts | null | undefined },
): MappingTargetProblem | null {
  const { company, agreement } = found;
  if (target.companyId !== null && !company) {
    return {
      code: "unknown-company",
      field: "companyId",
      message: `ConnectWise company ${target.companyId} is not in the company directory (deleted, or refresh the directory)`,
    };
  }
  if (target.agreementId !== null) {
    if (target.companyId === null || !company) {
      return { code: "agreement-without-company", field: "agreementId", message: "An agreement needs a company" };
    }
    if (!agreement) {
      return {
        code: "unknown-agreement",
        field: "agreementId",
        message: `ConnectWise agreement ${target.agreementId} is not known; refresh the directory if it is new`,
      };
    }
    if (agreement.companyId !== company.id) {
      return {
        code: "agreement-mismatch",
        field: "agreementId",
        message: `Agreement ${agreement.id} ("${agreement.name}") does not belong to company ${company.identifier}`,
      };
    }
    if (!isAgreementUsable(agreement)) {
      const state =
        agreement.cancelled || (agreement.status ?? "").toLowerCase() === "cancelled" ? "cancelled" : "expired";
      return {
        code: "agreement-cancelled",
        field: "agreementId",
        message: `Agreement ${agreement.id} ("${agreement.name}") is ${state} in ConnectWise: usage cannot be billed on it`,
      };
    }
  }
  if (target.syncEnabled && (target.companyId === null || target.agreementId === null)) {
    return {
      code: "incomplete-mapping",
      field: "syncEnabled",
      message: "Sync can be on only with a company and an agreement",
    };
  }
  return null;
}
