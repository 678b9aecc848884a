import { describe, expect, it } from "vitest";
import { normalizeCompanyName, simplifyText } from "@/lib/mapping/normalize-company-name";
import { DEMO_COUNTERPARTS } from "@/sandbox/scenarios/demo";

describe("normalizeCompanyName", () => {
  it.each([
    ["Contoso Ltd", "contoso"],
    ["Contoso, Ltd.", "contoso"],
    ["CONTOSO LIMITED", "contoso"],
    ["Müller Bäckerei GmbH", "muller backerei"],
    ["Queen Street Bakery", "queen street bakery"],
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

  it.each([
    ["トヨタ自動車株式会社", "株式会社トヨタ自動車"],
    ["(株)トヨタ自動車", "トヨタ自動車"],
    ["㈱トヨタ自動車", "トヨタ自動車 株式会社"],
    ["有限会社さくら商店", "さくら商店"],
    ["合同会社ミライ", "ミライ"],
    ["台湾积体电路制造股份有限公司", "台湾积体电路制造"],
    ["華碩電腦股份有限公司", "華碩電腦"],
    ["北京字节跳动科技有限公司", "北京字节跳动科技"],
    ["บริษัท ปูนซิเมนต์ไทย จำกัด (มหาชน)", "ปูนซิเมนต์ไทย"],
    ["บริษัท สยามแม็คโคร จำกัด", "สยามแม็คโคร"],
    ["삼성전자 주식회사", "삼성전자"],
    ["(주)카카오", "카카오"],
    ["ООО Ромашка", "Ромашка"],
    ["PT Bank Central Asia Tbk", "Bank Central Asia"],
    ["Nokia Oyj", "Nokia"],
    ["Volvo AB", "Volvo"],
    ["Mærsk A/S", "Maersk"],
    ["Fiat S.p.A.", "Fiat"],
    ["Ferrero S.r.l.", "Ferrero"],
    ["Żabka Polska Sp. z o.o.", "Zabka Polska"],
    ["Philips BV", "Philips"],
    ["Atlassian Pty Ltd", "Atlassian"],
    ["Grupo Bimbo S.A. de C.V.", "Grupo Bimbo"],
    ["Sony K.K.", "Sony"],
    ["Tata Consultancy Pvt. Ltd.", "Tata Consultancy"],
    ["ＡＢＣ Trading Co., Ltd.", "ABC Trading"],
  ])("%s and %s are the same company", (left, right) => {
    expect(normalizeCompanyName(left)).toBe(normalizeCompanyName(right));
    expect(normalizeCompanyName(left)).not.toBe("");
  });

  it.each([
    ["Müller Bäckerei", "Mueller Baeckerei"],
    ["Müller", "Muller"],
    ["Jürgen Köhler", "Juergen Koehler"],
    ["Schäfer", "Schaefer"],
    ["Straße", "Strasse"],
    ["Düsseldorf Logistik", "Duesseldorf Logistik"],
  ])("German transliteration: %s = %s", (left, right) => {
    expect(normalizeCompanyName(left)).toBe(normalizeCompanyName(right));
  });

  it("keeps a name that is nothing but a legal form, and a lone 'the'", () => {
    expect(normalizeCompanyName("Inc.")).toBe("inc");
    expect(normalizeCompanyName("The")).toBe("the");
    expect(normalizeCompanyName("Co Inc")).toBe("co");
    expect(normalizeCompanyName("株式会社")).toBe("株式会社");
  });

  it("does not strip a suffix-like word in the middle of a name", () => {
    expect(normalizeCompanyName("Limited Edition Prints")).toBe("limited edition prints");
    expect(normalizeCompanyName("Co-op Foods")).toBe("co op foods");
  });

  it("is idempotent", () => {
    for (const name of [
      "Jürgen's Autohaus GmbH & Co. KG",
      'The "Best" Plumbing Co.',
      "L'Atelier d'Élodie",
      "トヨタ自動車株式会社",
      "บริษัท ปูนซิเมนต์ไทย จำกัด (มหาชน)",
      "Mueller Baeckerei",
    ]) {
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
