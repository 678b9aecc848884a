import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatCsv,
  formatMappingsCsv,
  parseCsv,
  validateMappingImport,
  type MappingImportLookups,
} from "@/lib/mapping/mapping-csv";

const lookups: MappingImportLookups = {
  organizationsByExternalId: new Map([
    ["org-1", { id: "00000000-0000-4000-8000-000000000001", name: "Contoso Ltd" }],
    ["org-2", { id: "00000000-0000-4000-8000-000000000002", name: 'O\'Brien & "Sons" Ltd' }],
    ["org-3", { id: "00000000-0000-4000-8000-000000000003", name: "=cmd()" }],
  ]),
  companiesById: new Map([
    [10, { identifier: "ContosoLtd", name: "Contoso Limited" }],
    [20, { identifier: "OBrienSons", name: "O'Brien & Sons Ltd" }],
  ]),
  companiesByIdentifier: new Map([
    ["contosoltd", { id: 10, name: "Contoso Limited" }],
    ["obriensons", { id: 20, name: "O'Brien & Sons Ltd" }],
  ]),
  agreementsById: new Map([
    [100, { id: 100, companyId: 10, name: "Managed Services", status: "Active", cancelled: false }],
    [200, { id: 200, companyId: 20, name: "Managed Services, Gold", status: "Active", cancelled: false }],
    [300, { id: 300, companyId: 10, name: "Old Services", status: "Cancelled", cancelled: true }],
    [400, { id: 400, companyId: 10, name: "Pilot", status: "Expired", cancelled: false }],
  ]),
};

describe("parseCsv and formatCsv", () => {
  it("round-trips any cells, quotes, commas and line breaks included", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        (rows) => {
          const safeRows = rows.map((row) => row.map((cell) => cell.replace(/^[=+\-@\t\r']+/, "")));
          const parsed = parseCsv(formatCsv(safeRows)).map((row) => row.cells);
          const expected = safeRows.filter((row) => !(row.length === 1 && row[0] === ""));
          expect(parsed).toEqual(expected);
        },
      ),
    );
  });

  it("reports the line of a quote that is never closed", () => {
    expect(() => parseCsv('a,b\r\n1,"open\r\n2,3\r\n')).toThrow(/never closed/);
  });

  it("defuses spreadsheet formulas on export", () => {
    expect(formatCsv([["=1+1", "@x", "plain"]])).toBe("'=1+1,'@x,plain\r\n");
  });
});

describe("mapping CSV import", () => {
  it("round-trips an export into the same mappings", () => {
    const csv = formatMappingsCsv([
      {
        organizationExternalId: "org-1",
        organizationName: "Contoso Ltd",
        companyId: 10,
        companyIdentifier: "ContosoLtd",
        companyName: "Contoso Limited",
        agreementId: 100,
        agreementName: "Managed Services",
        syncEnabled: true,
      },
      {
        organizationExternalId: "org-2",
        organizationName: 'O\'Brien & "Sons" Ltd',
        companyId: 20,
        companyIdentifier: "OBrienSons",
        companyName: "O'Brien & Sons Ltd",
        agreementId: null,
        agreementName: null,
        syncEnabled: false,
      },
      {
        organizationExternalId: "org-3",
        organizationName: "=cmd()",
        companyId: null,
        companyIdentifier: null,
        companyName: null,
        agreementId: null,
        agreementName: null,
        syncEnabled: false,
      },
    ]);
    const { changes, errors } = validateMappingImport(csv, lookups);
    expect(errors).toEqual([]);
    expect(changes).toEqual([
      {
        line: 2,
        organizationId: "00000000-0000-4000-8000-000000000001",
        company: { id: 10, identifier: "ContosoLtd", name: "Contoso Limited" },
        agreement: { id: 100, name: "Managed Services" },
        syncEnabled: true,
      },
      {
        line: 3,
        organizationId: "00000000-0000-4000-8000-000000000002",
        company: { id: 20, identifier: "OBrienSons", name: "O'Brien & Sons Ltd" },
        agreement: null,
        syncEnabled: false,
      },
      {
        line: 4,
        organizationId: "00000000-0000-4000-8000-000000000003",
        company: null,
        agreement: null,
        syncEnabled: false,
      },
    ]);
  });

  it("accepts a company by identifier alone", () => {
    const { changes, errors } = validateMappingImport(
      "organization_id,company_identifier,agreement_id\norg-1,contosoltd,100\n",
      lookups,
    );
    expect(errors).toEqual([]);
    expect(changes[0]).toMatchObject({ company: { id: 10 }, agreement: { id: 100 } });
  });

  it("reports every bad line with its number and applies nothing", () => {
    const csv = [
      "organization_id,company_id,company_identifier,agreement_id,sync_enabled",
      "org-1,10,,100,true", // good
      "org-9,10,,100,false", // unknown organization
      "org-2,20,,100,false", // agreement of another company
      "org-1,10,,,false", // duplicate organization
      "org-3,abc,,,false", // not a number
      "org-3,,Nobody,,false", // unknown identifier
      "org-3,10,OBrienSons,,false", // id and identifier disagree
      ",10,,,", // empty organization
      "org-3,10,,,maybe", // bad flag
      "org-3,10,,,true", // sync without agreement
    ].join("\n");
    const { changes, errors } = validateMappingImport(csv, lookups);
    expect(changes).toEqual([]);
    expect(errors.map((error) => error.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(errors[0]!.message).toContain('No organization with id "org-9"');
    expect(errors[1]!.message).toContain("does not belong to company OBrienSons");
    expect(errors[2]!.message).toContain("already on line 2");
  });

  it("refuses a cancelled or expired agreement, as the table does", () => {
    const { changes, errors } = validateMappingImport(
      "organization_id,company_id,agreement_id,sync_enabled\norg-1,10,300,true\norg-2,10,400,false\n",
      lookups,
    );
    expect(changes).toEqual([]);
    expect(errors).toEqual([
      { line: 2, message: 'Agreement 300 ("Old Services") is cancelled in ConnectWise: usage cannot be billed on it' },
      { line: 3, message: 'Agreement 400 ("Pilot") is expired in ConnectWise: usage cannot be billed on it' },
    ]);
  });

  it("refuses files without the required columns, unknown columns, or no rows", () => {
    expect(validateMappingImport("", lookups).errors[0]!.message).toContain("empty");
    expect(
      validateMappingImport("name,company\nx,y\n", lookups)
        .errors.map((error) => error.message)
        .join(" "),
    ).toMatch(/Unknown column.*organization_id column/s);
    expect(validateMappingImport("organization_id,company_id\n", lookups).errors[0]!.message).toContain(
      "no organizations",
    );
    expect(validateMappingImport('organization_id,company_id\norg-1,"10\n', lookups).errors[0]).toEqual({
      line: 2,
      message: "A quoted field is never closed",
    });
    expect(validateMappingImport("organization_id,company_id\norg-1,10,extra\n", lookups).errors[0]!.message).toContain(
      "3 fields",
    );
  });
});
