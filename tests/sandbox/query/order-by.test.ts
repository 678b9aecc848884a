import { describe, expect, it } from "vitest";
import { compileOrderBy, QueryError, schemaFromOpenApi } from "@/sandbox/query";
import { companies } from "./company-fixtures";

const companySchema = schemaFromOpenApi("Company");

function orderedIds(orderBy: string, records: Array<{ id: number }> = companies): number[] {
  return [...records].sort(compileOrderBy(orderBy, companySchema)).map((record) => record.id);
}

describe("orderBy", () => {
  it("sorts ascending by default and descending on request, case-insensitively", () => {
    expect(orderedIds("name")).toEqual([1, 3, 4, 2, 5]);
    expect(orderedIds("name asc")).toEqual([1, 3, 4, 2, 5]);
    expect(orderedIds("name DESC")).toEqual([5, 2, 4, 3, 1]);
    expect(orderedIds("NAME Asc")).toEqual([1, 3, 4, 2, 5]);
  });

  it("sorts numbers numerically and puts nulls first ascending, last descending", () => {
    expect(orderedIds("numberOfEmployees asc")).toEqual([3, 2, 4, 1, 5]);
    expect(orderedIds("annualRevenue asc")).toEqual([3, 5, 4, 2, 1]);
    expect(orderedIds("annualRevenue desc")).toEqual([1, 2, 4, 3, 5]);
    expect(orderedIds("city asc")).toEqual([3, 4, 5, 2, 1]);
  });

  it("follows nested paths, including _info entries", () => {
    expect(orderedIds("status/name desc, id desc")).toEqual([3, 4, 2, 1, 5]);
    expect(orderedIds("_info/lastUpdated")).toEqual([2, 3, 5, 1, 4]);
    expect(orderedIds("_INFO/LASTUPDATED desc")).toEqual([4, 1, 5, 3, 2]);
  });

  it("applies several comma-separated keys in turn, then id", () => {
    expect(orderedIds("leadFlag desc, numberOfEmployees desc")).toEqual([2, 1, 4, 3, 5]);
    expect(orderedIds("status/id asc,name desc")).toEqual([5, 2, 4, 1, 3]);
    expect(orderedIds("deletedFlag")).toEqual([1, 2, 4, 5, 3]);
  });

  it("compares datetimes as instants even when formats differ", () => {
    const records = [
      { id: 1, dateAcquired: "2024-01-01T01:00:00+02:00" },
      { id: 2, dateAcquired: "2024-01-01T00:00:00Z" },
      { id: 3, dateAcquired: "2023-12-31T23:30:00Z" },
    ];
    expect(orderedIds("dateAcquired", records)).toEqual([1, 3, 2]);
  });

  it("orders nothing when empty", () => {
    expect(orderedIds("")).toEqual([1, 2, 3, 4, 5]);
  });

  it.each([
    ["nmae asc", "UnknownField", 0],
    ["name, nmae desc", "UnknownField", 6],
    ["name sideways", "InvalidSyntax", 5],
    ["name asc extra", "InvalidSyntax", 0],
    ["name asc,", "InvalidSyntax", 9],
    ["status asc", "InvalidOperator", 0],
    ["types/name asc", "InvalidOperator", 0],
  ])("rejects %s with %s at position %i", (orderBy, code, position) => {
    let caught: unknown;
    try {
      compileOrderBy(orderBy, companySchema);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QueryError);
    const error = caught as QueryError;
    expect(error.code).toBe(code);
    expect(error.position).toBe(position);
    expect(error.parameter).toBe("orderBy");
    expect(error.toConnectWiseBody().errors?.[0]).toMatchObject({ field: "orderBy", resource: "company" });
  });
});
