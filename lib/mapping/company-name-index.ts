/**
 * An in-memory trigram index over a workspace's company directory, for auto-matching thousands of
 * organizations at once: one pass over 20,000 cached companies, then each organization looks only at
 * the companies sharing its rarer trigrams, instead of 5,000 separate fuzzy queries.
 */
import { extractTrigrams } from "./match-companies";
import type { CompanyCandidate } from "./match-companies";

/** Trigrams in more companies than this ("  c", "inc") say nothing about which company is meant. */
const COMMON_TRIGRAM_LIMIT = 600;

export class CompanyNameIndex {
  private readonly byExactName = new Map<string, CompanyCandidate[]>();
  private readonly postings = new Map<string, number[]>();

  constructor(private readonly companies: readonly CompanyCandidate[]) {
    companies.forEach((company, position) => {
      const same = this.byExactName.get(company.searchName) ?? [];
      same.push(company);
      this.byExactName.set(company.searchName, same);
      for (const trigram of extractTrigrams(company.searchName)) {
        const list = this.postings.get(trigram);
        if (list) list.push(position);
        else this.postings.set(trigram, [position]);
      }
    });
  }

  /**
   * Companies worth scoring for a normalized name: those with exactly that name, plus the `limit`
   * sharing the most informative trigrams with it.
   */
  findCandidates(normalizedName: string, limit = 5): CompanyCandidate[] {
    // The same normalized name wins outright; scoring others could at best tie with it.
    const exact = this.byExactName.get(normalizedName);
    if (exact) return exact;
    const shared = new Map<number, number>();
    for (const trigram of extractTrigrams(normalizedName)) {
      const list = this.postings.get(trigram);
      if (!list || list.length > COMMON_TRIGRAM_LIMIT) continue;
      for (const position of list) shared.set(position, (shared.get(position) ?? 0) + 1);
    }
    // A running top-k: far cheaper than sorting every company that shares one trigram.
    const best: Array<[number, number]> = [];
    for (const entry of shared) {
      if (best.length === limit && entry[1] <= best[best.length - 1]![1]) continue;
      let at = best.length;
      while (at > 0 && best[at - 1]![1] < entry[1]) at--;
      best.splice(at, 0, entry);
      if (best.length > limit) best.pop();
    }
    return best.map(([position]) => this.companies[position]!);
  }
}
