import { describe, expect, it } from "vitest";
import { compileConditions, schemaFromOpenApi } from "@/sandbox/query";
import { companies } from "./company-fixtures";

const companySchema = schemaFromOpenApi("Company");

function matchingIds(conditions: string): number[] {
  const matches = compileConditions(conditions, companySchema);
  return companies.filter(matches).map((company) => company.id);
}

describe("conditions: comparison operators", () => {
  it("= on strings is exact but case-insensitive", () => {
    expect(matchingIds(`identifier = "ACME"`)).toEqual([1]);
    expect(matchingIds(`identifier = "acme"`)).toEqual([1]);
    expect(matchingIds(`name = "Acme"`)).toEqual([]);
    expect(matchingIds(`name = "INITECH"`)).toEqual([4]);
  });

  it("!= is the exact negation of =, including records whose value is null", () => {
    expect(matchingIds(`identifier != "ACME"`)).toEqual([2, 3, 4, 5]);
    expect(matchingIds(`city != "Dublin"`)).toEqual([1, 3, 4, 5]);
  });

  it("< <= > >= on integers and decimals", () => {
    expect(matchingIds(`numberOfEmployees > 45`)).toEqual([1, 5]);
    expect(matchingIds(`numberOfEmployees >= 45`)).toEqual([1, 4, 5]);
    expect(matchingIds(`numberOfEmployees < 12`)).toEqual([3]);
    expect(matchingIds(`numberOfEmployees <= 12`)).toEqual([2, 3]);
    expect(matchingIds(`annualRevenue > 250000.25`)).toEqual([1]);
    expect(matchingIds(`annualRevenue = 1500000.5`)).toEqual([1]);
    expect(matchingIds(`annualRevenue < -20`)).toEqual([4]);
    expect(matchingIds(`annualRevenue = -20.25`)).toEqual([4]);
    expect(matchingIds(`id >= 2 and id <= 3`)).toEqual([2, 3]);
  });

  it("< and > on strings order case-insensitively and skip nulls", () => {
    expect(matchingIds(`name < "b"`)).toEqual([1]);
    expect(matchingIds(`name >= "I"`)).toEqual([2, 4, 5]);
    expect(matchingIds(`city > "a"`)).toEqual([1, 2]);
  });

  it("contains is a case-insensitive substring match", () => {
    expect(matchingIds(`name contains "ltd"`)).toEqual([2, 3]);
    expect(matchingIds(`name contains "100%"`)).toEqual([3]);
    expect(matchingIds(`name contains "[EU]"`)).toEqual([5]);
  });

  it("not contains / not like / not in negate the operator", () => {
    expect(matchingIds(`name not contains "ltd"`)).toEqual([1, 4, 5]);
    expect(matchingIds(`name not like "%ltd"`)).toEqual([1, 4, 5]);
    expect(matchingIds(`id not in (1, 2)`)).toEqual([3, 4, 5]);
    expect(matchingIds(`name NOT LIKE "a%"`)).toEqual([2, 3, 4, 5]);
  });

  it("in accepts lists of numbers and of strings", () => {
    expect(matchingIds(`id in (3, 1, 99)`)).toEqual([1, 3]);
    expect(matchingIds(`identifier in ("acme", 'GLOBEX')`)).toEqual([1, 3]);
    expect(matchingIds(`status/name in ("Inactive")`)).toEqual([3]);
  });
});

describe("conditions: like wildcards", () => {
  it("% and * match any run of characters, anchored at both ends", () => {
    expect(matchingIds(`name like "Acme%"`)).toEqual([1]);
    expect(matchingIds(`name like "Acme*"`)).toEqual([1]);
    expect(matchingIds(`name like "%Ltd"`)).toEqual([2, 3]);
    expect(matchingIds(`name like "*ltd"`)).toEqual([2, 3]);
    expect(matchingIds(`name like "%bre%"`)).toEqual([5]);
    expect(matchingIds(`name like "%BRI%"`)).toEqual([2]);
    expect(matchingIds(`name like "Acme"`)).toEqual([]);
    expect(matchingIds(`name like "initech"`)).toEqual([4]);
    expect(matchingIds(`name like "G%x%Ltd"`)).toEqual([3]);
  });

  it("is case-insensitive", () => {
    expect(matchingIds(`name like "ACME%"`)).toEqual([1]);
    expect(matchingIds(`identifier LIKE "ob*"`)).toEqual([2]);
  });

  it("follows SQL Server's _ and [..] rules, so [[] is a literal bracket", () => {
    expect(matchingIds(`identifier like "INITEC_"`)).toEqual([4]);
    expect(matchingIds(`identifier like "[AG]%"`)).toEqual([1, 3]);
    expect(matchingIds(`identifier like "[^AG]%"`)).toEqual([2, 4, 5]);
    expect(matchingIds(`name like "%[[]EU]%"`)).toEqual([5]);
  });

  it("reads %, _ and * inside [..] as literal characters", () => {
    const records = [
      { id: 1, identifier: "a", name: "50% off" },
      { id: 2, identifier: "b", name: "50x off" },
      { id: 3, identifier: "c", name: "5*5" },
      { id: 4, identifier: "d", name: "55" },
      { id: 5, identifier: "e", name: "a_b" },
      { id: 6, identifier: "f", name: "axb" },
    ];
    const filter = (conditions: string) =>
      records.filter(compileConditions(conditions, companySchema)).map((record) => record.id);
    expect(filter(`name like "50[%] off"`)).toEqual([1]);
    expect(filter(`name like "50% off"`)).toEqual([1, 2]);
    expect(filter(`name like "%[*]%"`)).toEqual([3]);
    expect(filter(`name like "5*5"`)).toEqual([3, 4]);
    expect(filter(`name like "a[_]b"`)).toEqual([5]);
    expect(filter(`name like "a_b"`)).toEqual([5, 6]);
  });

  it("treats regular-expression characters in the pattern literally", () => {
    expect(matchingIds(`name like "globex 100_ ltd"`)).toEqual([3]);
    expect(matchingIds(`name like "O'Brien & ""Sons"" Ltd"`)).toEqual([2]);
    expect(matchingIds(`name like "%.%"`)).toEqual([]);
  });
});

describe("conditions: literals", () => {
  it("accepts double and single quoted strings", () => {
    expect(matchingIds(`identifier = 'GLOBEX'`)).toEqual([3]);
    expect(matchingIds(`identifier = "GLOBEX"`)).toEqual([3]);
  });

  it('matches exactly the record named O\'Brien & "Sons" Ltd with backslash-escaped quotes', () => {
    const escapedName = `O'Brien & "Sons" Ltd`.replaceAll("\\", "\\\\").replaceAll('"', '\\"');
    const conditions = `name = "${escapedName}"`;
    expect(conditions).toBe(`name = "O'Brien & \\"Sons\\" Ltd"`);
    expect(matchingIds(conditions)).toEqual([2]);
  });

  it("accepts doubled quotes and escaped single quotes", () => {
    expect(matchingIds(`name = "O'Brien & ""Sons"" Ltd"`)).toEqual([2]);
    expect(matchingIds(`name = 'O''Brien & "Sons" Ltd'`)).toEqual([2]);
    expect(matchingIds(`name = 'O\\'Brien & "Sons" Ltd'`)).toEqual([2]);
  });

  it("keeps a backslash that does not escape a quote or a backslash", () => {
    const records = [
      { id: 1, identifier: "x", name: "C:\\temp" },
      { id: 2, identifier: "y", name: "C:\\\\temp" },
    ];
    const filter = (conditions: string) =>
      records.filter(compileConditions(conditions, companySchema)).map((record) => record.id);
    expect(filter(`name = "C:\\temp"`)).toEqual([1]);
    expect(filter(`name = "C:\\\\temp"`)).toEqual([1]);
    expect(filter(`name = "C:\\\\\\\\temp"`)).toEqual([2]);
  });

  it("reads booleans in any case", () => {
    expect(matchingIds(`leadFlag = true`)).toEqual([2]);
    expect(matchingIds(`leadFlag = True`)).toEqual([2]);
    expect(matchingIds(`leadFlag = FALSE`)).toEqual([1, 3, 4]);
    expect(matchingIds(`deletedFlag != false`)).toEqual([3]);
  });

  it("treats a missing key, null and an empty string as null", () => {
    expect(matchingIds(`city = null`)).toEqual([3, 4, 5]);
    expect(matchingIds(`city != null`)).toEqual([1, 2]);
    expect(matchingIds(`city = ""`)).toEqual([3, 4, 5]);
    expect(matchingIds(`annualRevenue = NULL`)).toEqual([3, 5]);
    expect(matchingIds(`status/name = null`)).toEqual([5]);
    expect(matchingIds(`leadFlag = null`)).toEqual([5]);
  });

  it("compares [datetimes] as instants", () => {
    expect(matchingIds(`dateAcquired > [2022-01-01T00:00:00Z]`)).toEqual([2, 4]);
    expect(matchingIds(`dateAcquired = [2020-03-15T00:00:00Z]`)).toEqual([1]);
    expect(matchingIds(`dateAcquired = [2020-03-15T01:00:00+01:00]`)).toEqual([1]);
    expect(matchingIds(`dateAcquired <= [2020-03-15]`)).toEqual([1]);
    expect(matchingIds(`dateAcquired < [2022-11-30T17:45:00.001Z]`)).toEqual([1, 2]);
    expect(matchingIds(`dateAcquired >= [2022-11-30T17:45:00.001Z]`)).toEqual([4]);
    expect(matchingIds(`dateAcquired = null`)).toEqual([3, 5]);
  });

  it("compares _info datetimes (a map of strings) with [datetimes]", () => {
    expect(matchingIds(`_info/lastUpdated > [2025-01-01T00:00:00Z]`)).toEqual([1, 4, 5]);
    expect(matchingIds(`_info/lastUpdated >= [2025-01-01T00:00:00Z]`)).toEqual([1, 3, 4, 5]);
    expect(matchingIds(`_info/updatedBy = "JDOE"`)).toEqual([2]);
  });
});

describe("conditions: paths and case-insensitivity", () => {
  it("follows nested reference paths", () => {
    expect(matchingIds(`status/id = 2`)).toEqual([3]);
    expect(matchingIds(`status/name = "active"`)).toEqual([1, 2, 4]);
  });

  it("resolves field names case-insensitively", () => {
    expect(matchingIds(`IDENTIFIER = "acme"`)).toEqual([1]);
    expect(matchingIds(`Status/Name = "Inactive"`)).toEqual([3]);
    expect(matchingIds(`_INFO/LASTUPDATED < [2025-01-01T00:00:00Z]`)).toEqual([2]);
    expect(matchingIds(`NumberOfEmployees > 1000`)).toEqual([5]);
  });

  it("reads keywords in any case", () => {
    expect(matchingIds(`id = 1 OR id = 2 AND NOT (id = 2)`)).toEqual([1]);
    expect(matchingIds(`name CONTAINS "acme" Or id IN (4)`)).toEqual([1, 4]);
  });

  it("matches an array field when any member matches", () => {
    expect(matchingIds(`types/name = "client"`)).toEqual([1, 2, 5]);
    expect(matchingIds(`integratorTags = "GOLD"`)).toEqual([1]);
    expect(matchingIds(`types/id != 1`)).toEqual([3, 4]);
  });
});

describe("conditions: and / or / not / parentheses", () => {
  it("and binds tighter than or", () => {
    expect(matchingIds(`id = 1 or id = 2 and leadFlag = false`)).toEqual([1]);
    expect(matchingIds(`leadFlag = false and id = 3 or id = 2`)).toEqual([2, 3]);
    expect(matchingIds(`(id = 1 or id = 2) and leadFlag = false`)).toEqual([1]);
  });

  it("not (...) negates a group and may be nested", () => {
    expect(matchingIds(`not (id = 1 or id = 2)`)).toEqual([3, 4, 5]);
    expect(matchingIds(`not (not (id = 1))`)).toEqual([1]);
    expect(matchingIds(`not id = 1`)).toEqual([2, 3, 4, 5]);
    expect(matchingIds(`deletedFlag = false and not (status/name = "Active")`)).toEqual([5]);
  });

  it("accepts the examples from the reference", () => {
    const agreementSchema = schemaFromOpenApi("Agreement");
    const agreements = [
      { id: 10, company: { id: 250 }, cancelledFlag: false, type: { name: "Managed Services" } },
      { id: 11, company: { id: 250 }, cancelledFlag: false, type: { name: "MSP Gold" } },
      { id: 12, company: { id: 250 }, cancelledFlag: true, type: { name: "MSP Gold" } },
      { id: 13, company: { id: 251 }, cancelledFlag: false, type: { name: "Managed Services" } },
      { id: 14, company: { id: 250 }, cancelledFlag: false, type: { name: "Block Time" } },
    ];
    const matches = compileConditions(
      `company/id=250 and cancelledFlag=false and (type/name="Managed Services" or type/name like "MSP%")`,
      agreementSchema,
    );
    expect(agreements.filter(matches).map((agreement) => agreement.id)).toEqual([10, 11]);

    const catalogSchema = schemaFromOpenApi("CatalogItem");
    const items = [
      { id: 1, identifier: "VEND-SKU-1", inactiveFlag: false },
      { id: 2, identifier: "VEND-SKU-2", inactiveFlag: true },
      { id: 3, identifier: "VEND-SKU-3", inactiveFlag: false },
    ];
    const catalogMatches = compileConditions(
      `identifier in ("VEND-SKU-1","VEND-SKU-2") and inactiveFlag=false`,
      catalogSchema,
    );
    expect(items.filter(catalogMatches).map((item) => item.id)).toEqual([1]);
  });

  it("tolerates missing whitespace and extra whitespace", () => {
    expect(matchingIds(`id=1or(id=2)`)).toEqual([1, 2]);
    expect(matchingIds(`  id   >=   4  `)).toEqual([4, 5]);
    expect(matchingIds(`identifier="ACME"and leadFlag=false`)).toEqual([1]);
  });

  it("matches everything when the conditions are empty", () => {
    expect(matchingIds("")).toEqual([1, 2, 3, 4, 5]);
    expect(matchingIds("   ")).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("conditions: values of unusual shape", () => {
  it("compares a number literal with a string field as text", () => {
    const records = [
      { id: 1, identifier: "1001", name: "a" },
      { id: 2, identifier: "1002", name: "b" },
    ];
    const matches = compileConditions(`identifier = 1001`, companySchema);
    expect(records.filter(matches).map((record) => record.id)).toEqual([1]);
  });

  it("compares free-form custom field values by the literal's type", () => {
    const customFieldSchema = schemaFromOpenApi("CustomFieldValue");
    const fields = [
      { id: 1, caption: "Seats", value: 12 },
      { id: 2, caption: "Code", value: "abc" },
      { id: 3, caption: "Empty", value: null },
      { id: 4, caption: "Seats as text", value: "40" },
    ];
    const filter = (conditions: string) =>
      fields.filter(compileConditions(conditions, customFieldSchema, { allowIn: false })).map((field) => field.id);
    expect(filter(`value > 20`)).toEqual([4]);
    expect(filter(`value = "ABC"`)).toEqual([2]);
    expect(filter(`value != null`)).toEqual([1, 2, 4]);
    expect(filter(`caption = "Seats" and value = 12`)).toEqual([1]);
  });
});
