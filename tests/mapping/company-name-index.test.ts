import { describe, expect, it } from "vitest";
import { CompanyNameIndex } from "@/lib/mapping/company-name-index";
import { suggestCompany, type CompanyCandidate } from "@/lib/mapping/match-companies";
import { normalizeCompanyName } from "@/lib/mapping/normalize-company-name";

const names = [
  "Contoso Limited",
  "Northwind Traders",
  "Fabrikam Inc",
  "Tailspin Toys",
  "Wide World Importers Ltd",
  "Alpine Ski House Inc",
];
const companies: CompanyCandidate[] = names.map((name, index) => ({
  companyId: index + 1,
  identifier: name.replace(/\W/g, ""),
  name,
  searchName: normalizeCompanyName(name),
}));
// Many look-alikes, so common trigrams are skipped and the informative ones still find the right company.
for (let index = 0; index < 2000; index++) {
  companies.push({
    companyId: 100 + index,
    identifier: `Filler${index}`,
    name: `Inc Holdings Group ${index}`,
    searchName: normalizeCompanyName(`Inc Holdings Group ${index}`),
  });
}
const index = new CompanyNameIndex(companies);

describe("CompanyNameIndex", () => {
  it("returns only the companies with the same normalized name when there are any", () => {
    expect(index.findCandidates(normalizeCompanyName("Contoso, Ltd.")).map((company) => company.name)).toEqual([
      "Contoso Limited",
    ]);
  });

  it("finds a misspelt name among its candidates, and suggestCompany picks it", () => {
    const candidates = index.findCandidates(normalizeCompanyName("Northwnd Tradrs"));
    expect(candidates.map((company) => company.name)).toContain("Northwind Traders");
    expect(suggestCompany("Northwnd Tradrs", candidates)?.name).toBe("Northwind Traders");
  });

  it("returns at most the requested number of fuzzy candidates", () => {
    expect(index.findCandidates("holdings group", 3).length).toBeLessThanOrEqual(3);
  });

  it("finds nothing for a name unlike any company", () => {
    expect(suggestCompany("Zyxwv", index.findCandidates("zyxwv"))).toBeNull();
  });
});
