import { describe, expect, it } from "vitest";
import { measureTrigramSimilarity, suggestCompany, type CompanyCandidate } from "@/lib/mapping/match-companies";
import { normalizeCompanyName } from "@/lib/mapping/normalize-company-name";

function candidate(companyId: number, name: string): CompanyCandidate {
  return { companyId, identifier: name.replace(/\W/g, "").slice(0, 20), name, searchName: normalizeCompanyName(name) };
}

describe("measureTrigramSimilarity (pg_trgm's similarity)", () => {
  it("is 1 for equal text, 0 for nothing in common, and symmetric", () => {
    expect(measureTrigramSimilarity("contoso", "contoso")).toBe(1);
    expect(measureTrigramSimilarity("abc", "xyz")).toBe(0);
    expect(measureTrigramSimilarity("northwind", "northwnd")).toBeCloseTo(
      measureTrigramSimilarity("northwnd", "northwind"),
    );
  });

  it("matches PostgreSQL's value for a known pair", () => {
    // select similarity('word', 'two words') = 0.363636
    expect(measureTrigramSimilarity("word", "two words")).toBeCloseTo(0.363636, 5);
  });
});

describe("suggestCompany", () => {
  it("is highly confident about the same name after normalization", () => {
    const suggestion = suggestCompany("Contoso, Ltd.", [
      candidate(1, "Contoso Limited"),
      candidate(2, "Contosa Holdings"),
    ]);
    expect(suggestion).toMatchObject({ companyId: 1, confidence: "high", reason: "same-name", score: 1 });
  });

  it("is not highly confident when two companies have the same normalized name", () => {
    const suggestion = suggestCompany("Contoso", [candidate(1, "Contoso Ltd"), candidate(2, "Contoso Inc")]);
    expect(suggestion?.confidence).toBe("medium");
  });

  it("recognizes a long name that ConnectWise cut at 50 characters", () => {
    const full =
      "The Grand Metropolitan Association of Independent Veterinary Clinics, Animal Hospitals & Pet Wellness Centres of NYC Inc";
    const suggestion = suggestCompany(full, [
      candidate(7, full.slice(0, 50).trimEnd()),
      candidate(8, "Grand Metro Vets"),
    ]);
    expect(suggestion).toMatchObject({ companyId: 7, confidence: "high", reason: "truncated-name" });
  });

  it("gives a typo medium or high confidence but an unrelated name none", () => {
    expect(suggestCompany("Northwind Traders", [candidate(3, "Northwind Tradrs")])?.companyId).toBe(3);
    expect(suggestCompany("Trey Research", [candidate(4, "Tailspin Toys")])).toBeNull();
  });

  it("never rates a loose resemblance as high", () => {
    const suggestion = suggestCompany("Blue Yonder Airlines", [candidate(5, "Blue Yonder Travel")]);
    expect(suggestion?.confidence).not.toBe("high");
  });

  it("returns null without candidates", () => {
    expect(suggestCompany("Anything", [])).toBeNull();
  });
});
