import { describe, expect, it } from "vitest";
import { compileConditions, schemaFromOpenApi, type FieldSchema } from "@/sandbox/query";
import { companies } from "./company-fixtures";

const companySchema = schemaFromOpenApi("Company");

function childMatchingIds(childConditions: string): number[] {
  const matches = compileConditions(childConditions, companySchema, { allowIn: false });
  return companies.filter(matches).map((company) => company.id);
}

describe("childConditions", () => {
  it("is true when any array member matches", () => {
    expect(childMatchingIds(`types/name = "Client"`)).toEqual([1, 2, 5]);
    expect(childMatchingIds(`types/name = "vendor"`)).toEqual([2]);
    expect(childMatchingIds(`Types/ID = 3`)).toEqual([3]);
  });

  it("uses the full grammar except in", () => {
    expect(childMatchingIds(`types/name like "pro%" or types/name contains "END"`)).toEqual([2, 3]);
    expect(childMatchingIds(`types/name not like "c%"`)).toEqual([2, 3]);
    expect(childMatchingIds(`not (types/id = 1)`)).toEqual([2, 3]);
  });

  it("requires one member to satisfy all clauses on the same array", () => {
    // Company 2 has {2, Vendor} and {1, Client}: no single member is {1, Vendor}.
    expect(childMatchingIds(`types/id = 1 and types/name = "Vendor"`)).toEqual([]);
    expect(childMatchingIds(`types/id = 2 and types/name = "Vendor"`)).toEqual([2]);
  });

  it("matches no record whose array is empty or missing", () => {
    expect(childMatchingIds(`types/name != "Client"`)).toEqual([2, 3]);
    expect(childMatchingIds(`customFields/caption = "TomNumber" and customFields/value != null`)).toEqual([1]);
  });

  it("combines array clauses with clauses on the record itself", () => {
    expect(childMatchingIds(`types/name = "Client" and numberOfEmployees > 100`)).toEqual([1, 5]);
    expect(childMatchingIds(`types/name = "Client" and integratorTags = "gold"`)).toEqual([1]);
  });

  it("evaluates arrays of plain values member by member", () => {
    expect(childMatchingIds(`integratorTags = "SILVER"`)).toEqual([4]);
    expect(childMatchingIds(`integratorTags like "s%"`)).toEqual([1, 4]);
  });

  it("works on arrays below a reference", () => {
    const schema: FieldSchema = {
      type: "object",
      properties: {
        id: { type: "integer" },
        contact: {
          type: "object",
          properties: {
            communicationItems: {
              type: "array",
              items: {
                type: "object",
                properties: { value: { type: "string" }, communicationType: { type: "string" } },
              },
            },
          },
        },
      },
    };
    const records = [
      {
        id: 1,
        contact: {
          communicationItems: [
            { value: "john@x.com", communicationType: "Email" },
            { value: "555-1234", communicationType: "Phone" },
          ],
        },
      },
      { id: 2, contact: { communicationItems: [{ value: "john@x.com", communicationType: "Fax" }] } },
    ];
    const matches = compileConditions(
      `contact/communicationItems/value like "john@x.com" AND contact/communicationItems/communicationType="Email"`,
      schema,
      { allowIn: false },
    );
    expect(records.filter(matches).map((record) => record.id)).toEqual([1]);
  });

  it("rejects in", () => {
    expect(() => childMatchingIds(`types/id in (1, 2)`)).toThrow(/"in" operator is not allowed in childConditions/);
    expect(() => childMatchingIds(`types/id not in (1, 2)`)).toThrow(/not allowed/);
  });
});
