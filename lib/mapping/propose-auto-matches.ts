import type { Database } from "@/db";
import { findSoleActiveAgreements } from "@/db/queries/directory";
import { listUnmappedOrganizations } from "@/db/queries/mappings";
import { suggestCompaniesFor } from "./suggest-companies";

export interface AutoMatchProposal {
  organizationId: string;
  organizationName: string;
  company: { id: number; identifier: string; name: string };
  agreement: { id: number; name: string } | null;
  score: number;
}

/** High-confidence suggestions for every unmapped organization (or the given ones), with their preselected agreement. */
export async function proposeHighConfidenceMatches(
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
