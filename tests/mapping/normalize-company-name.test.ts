import { describe, expect, it } from "vitest";
import { normalizeCompanyName, simplifyText } from "@/lib/mapping/normalize-company-name";
import { DEMO_COUNTERPARTS } from "@/sandbox/scenarios/demo";

describe("normalizeCompanyName", () => {
  it.each([
    ["Contoso Ltd", "contoso"],
    ["Contoso, Ltd.", "contoso"],
    ["CONTOSO LIMITED", "contoso"],
    ["Müller Bäckerei GmbH", "muller backerei"],
    ["Café Société SARL", "cafe societe"],
    ["Jürgen's Autohaus GmbH & Co. KG", "jurgens autohaus"],
    ["Østergaard & Søn ApS", "ostergaard and son"],
    ["Żabka Logistics sp. z o.o.", "zabka logistics"],
    ["Smith & Jones Dental, P.C.", "smith and jones dental"],
    ["A. Datum Corporation", "a datum"],
    ["The School of Fine Art", "school of fine art"],
    ["Margie's Travel", "margies travel"],
    ["Sørensen Arkitekter A/S", "sorensen arkitekter"],
    ["Straße AG", "strasse"],
    ["  Fabrikam,   Inc. ", "fabrikam"],
  ])("%s → %s", (name, expected) => {
    expect(normalizeCompanyName(name)).toBe(expected);
  });

  it("keeps a name that is nothing but a legal form, and a lone 'the'", () => {
    expect(normalizeCompanyName("Inc.")).toBe("inc");
    expect(normalizeCompanyName("The")).toBe("the");
    expect(normalizeCompanyName("Co Inc")).toBe("co");
  });

  it("does not strip a suffix-like word in the middle of a name", () => {
    expect(normalizeCompanyName("Limited Edition Prints")).toBe("limited edition prints");
    expect(normalizeCompanyName("Co-op Foods")).toBe("co op foods");
  });

  it("is idempotent", () => {
    for (const name of ["Jürgen's Autohaus GmbH & Co. KG", 'The "Best" Plumbing Co.', "L'Atelier d'Élodie"]) {
      expect(normalizeCompanyName(normalizeCompanyName(name))).toBe(normalizeCompanyName(name));
    }
  });

  it("makes every short demo counterpart equal to its organization's name", () => {
    const mismatches = DEMO_COUNTERPARTS.filter((company) => company.name.length < 45).flatMap((company) =>
      (company.counterpartOf ?? [])
        .filter((organization) => normalizeCompanyName(organization) !== normalizeCompanyName(company.name))
        .map((organization) => `${organization} ≠ ${company.name}`),
    );
    expect(mismatches).toEqual([]);
  });

  it("simplifyText lower-cases, strips accents and turns punctuation into single spaces", () => {
    expect(simplifyText('O\'Brien & "Sons"—Ltd')).toBe("obrien and sons ltd");
  });
});
