import { describe, expect, it } from "vitest";
import { compileFieldProjection, projectFields, schemaFromOpenApi } from "@/sandbox/query";
import { companies } from "./company-fixtures";

const companySchema = schemaFromOpenApi("Company");
const acme = companies[0];

describe("fields projection", () => {
  it("keeps only the listed top-level fields", () => {
    expect(projectFields(acme, "id,name", companySchema)).toEqual({ id: 1, name: "Acme Corporation" });
  });

  it("keeps the structure of nested paths", () => {
    expect(projectFields(acme, "id,name,status/id", companySchema)).toEqual({
      id: 1,
      name: "Acme Corporation",
      status: { id: 1 },
    });
    expect(projectFields(acme, "_info/lastUpdated,_info/updatedBy", companySchema)).toEqual({
      _info: { lastUpdated: "2025-01-10T08:30:00Z", updatedBy: "api" },
    });
  });

  it("resolves names case-insensitively and answers with the real names", () => {
    expect(projectFields(acme, " ID , Status/Name ,_INFO/LASTUPDATED", companySchema)).toEqual({
      id: 1,
      status: { name: "Active" },
      _info: { lastUpdated: "2025-01-10T08:30:00Z" },
    });
  });

  it("projects each member of an array", () => {
    expect(projectFields(companies[1], "types/name", companySchema)).toEqual({
      types: [{ name: "Vendor" }, { name: "Client" }],
    });
  });

  it("takes a whole object when it is listed whole, whatever the order", () => {
    const whole = { id: 1, status: { id: 1, name: "Active" } };
    expect(projectFields(acme, "id,status/id,status", companySchema)).toEqual(whole);
    expect(projectFields(acme, "id,status,status/id", companySchema)).toEqual(whole);
  });

  it("omits fields the record does not have and ignores unknown fields", () => {
    expect(projectFields(companies[4], "id,status/id,annualRevenue,bogus,status/bogus", companySchema)).toEqual({
      id: 5,
    });
    expect(projectFields(acme, "bogus", companySchema)).toEqual({});
  });

  it("returns a copy that does not share objects with the record", () => {
    const projected = projectFields(acme, "status,types", companySchema) as typeof acme;
    projected.status!.name = "changed";
    projected.types!.push({ id: 9, name: "x" });
    expect(acme.status!.name).toBe("Active");
    expect(acme.types).toHaveLength(1);
  });

  it("returns the record unchanged when fields is empty", () => {
    expect(projectFields(acme, "", companySchema)).toBe(acme);
  });

  it("can be compiled once and applied to many records", () => {
    const project = compileFieldProjection("id,identifier", companySchema);
    expect(companies.map(project)).toEqual(
      companies.map((company) => ({ id: company.id, identifier: company.identifier })),
    );
  });

  it("keeps null values that the record carries", () => {
    expect(projectFields(companies[3], "id,city", companySchema)).toEqual({ id: 4, city: null });
  });
});
