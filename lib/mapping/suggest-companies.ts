import type { Database } from "@/db";
import { countCompanies, findDirectoryRefresh, listCompanyCandidates } from "@/db/queries/directory";
import { CompanyNameIndex } from "./company-name-index";
import { suggestCompany, type MatchSuggestion } from "./match-companies";
import { normalizeCompanyName } from "./normalize-company-name";

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
