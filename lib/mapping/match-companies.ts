/**
 * Auto-match: which ConnectWise company an organization most likely is, and how sure we are. Pure; the
 * database only narrows 20,000 companies down to a few candidates per organization (pg_trgm), and this
 * decides.
 */
import { normalizeCompanyName } from "./normalize-company-name";

export type MatchConfidence = "high" | "medium" | "low";

export interface CompanyCandidate {
  companyId: number;
  identifier: string;
  name: string;
  /** normalizeCompanyName(name), as stored in cw_companies.search_name. */
  searchName: string;
}

export interface MatchSuggestion {
  companyId: number;
  identifier: string;
  name: string;
  confidence: MatchConfidence;
  /** 0..1, for ordering and display. */
  score: number;
  reason: "same-name" | "truncated-name" | "similar-name";
}

/** ConnectWise keeps 50 characters of a company name; a longer organization name arrives cut. */
const CONNECTWISE_NAME_LIMIT = 50;

/** The set of trigrams pg_trgm would extract: per word, padded with two spaces before and one after. */
export function extractTrigrams(text: string): Set<string> {
  const trigrams = new Set<string>();
  for (const word of text.split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
    const padded = `  ${word.toLowerCase()} `;
    for (let index = 0; index + 3 <= padded.length; index++) trigrams.add(padded.slice(index, index + 3));
  }
  return trigrams;
}

/** pg_trgm's similarity(): shared trigrams over all distinct trigrams of both. */
export function measureTrigramSimilarity(left: string, right: string): number {
  const a = extractTrigrams(left);
  const b = extractTrigrams(right);
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const trigram of a) if (b.has(trigram)) shared++;
  return shared / (a.size + b.size - shared);
}

function scoreCandidate(
  organization: string,
  candidate: CompanyCandidate,
): { score: number; reason: MatchSuggestion["reason"] } {
  if (organization === candidate.searchName) return { score: 1, reason: "same-name" };
  const truncated =
    candidate.name.trim().length >= CONNECTWISE_NAME_LIMIT - 5 &&
    candidate.searchName.length >= 20 &&
    organization.startsWith(candidate.searchName);
  if (truncated) return { score: 0.95, reason: "truncated-name" };
  return { score: measureTrigramSimilarity(organization, candidate.searchName), reason: "similar-name" };
}

/**
 * The best company for an organization name among candidates, or null when none is even loosely
 * similar. High confidence needs an unambiguous same name (after normalization), a name ConnectWise
 * cut at 50 characters, or a very close name well ahead of the runner-up; two equally good companies
 * are never "high".
 */
export function suggestCompany(
  organizationName: string,
  candidates: readonly CompanyCandidate[],
): MatchSuggestion | null {
  const organization = normalizeCompanyName(organizationName);
  if (organization === "") return null;
  const scored = candidates
    .map((candidate) => ({ candidate, ...scoreCandidate(organization, candidate) }))
    .sort((left, right) => right.score - left.score || left.candidate.companyId - right.candidate.companyId);
  const [best, runnerUp] = scored;
  if (!best || best.score < 0.3) return null;
  const margin = best.score - (runnerUp?.score ?? 0);
  let confidence: MatchConfidence;
  if (best.reason !== "similar-name") confidence = margin > 0 ? "high" : "medium";
  else if (best.score >= 0.8 && margin >= 0.15) confidence = "high";
  else if (best.score >= 0.5) confidence = "medium";
  else confidence = "low";
  return {
    companyId: best.candidate.companyId,
    identifier: best.candidate.identifier,
    name: best.candidate.name,
    confidence,
    score: Math.round(best.score * 100) / 100,
    reason: best.reason,
  };
}
