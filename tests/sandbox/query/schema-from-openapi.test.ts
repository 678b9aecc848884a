import { describe, expect, it } from "vitest";
import { compileConditions, schemaFromOpenApi } from "@/sandbox/query";

describe("schemaFromOpenApi", () => {
  it("builds the Company field tree with references resolved and arrays marked", () => {
    const company = schemaFromOpenApi("Company");
    expect(company.type).toBe("object");
    const properties = company.properties!;
    expect(properties.id).toEqual({ type: "integer" });
    expect(properties.name).toEqual({ type: "string" });
    expect(properties.annualRevenue).toEqual({ type: "number" });
    expect(properties.leadFlag).toEqual({ type: "boolean" });
    expect(properties.dateAcquired).toEqual({ type: "datetime" });
    expect(properties.status.type).toBe("object");
    expect(Object.keys(properties.status.properties!)).toEqual(["id", "name", "_info"]);
    expect(properties.types.type).toBe("array");
    expect(Object.keys(properties.types.items!.properties!)).toEqual(["id", "name", "_info"]);
    expect(properties.integratorTags).toEqual({ type: "array", items: { type: "string" } });
    expect(properties._info).toEqual({ type: "map", items: { type: "string" } });
  });

  it("builds the resources the sync reads", () => {
    for (const name of ["Agreement", "Addition", "CatalogItem", "AgreementType", "CompanyStatus", "CompanyType"]) {
      const schema = schemaFromOpenApi(name);
      expect(schema.properties?.id, name).toBeDefined();
      expect(schema.properties?._info, name).toEqual({ type: "map", items: { type: "string" } });
    }
    expect(schemaFromOpenApi("Agreement").properties!.startDate).toEqual({ type: "datetime" });
    expect(schemaFromOpenApi("Addition").properties!.product.properties!.identifier).toEqual({ type: "string" });
  });

  it("adds _info where the component lacks it", () => {
    expect(schemaFromOpenApi("Info").properties!._info).toEqual({ type: "map", items: { type: "string" } });
  });

  it("marks the untyped custom field value as free-form", () => {
    expect(schemaFromOpenApi("CustomFieldValue").properties!.value).toEqual({ type: "object" });
  });

  it("caches schemas and accepts the component name in any case", () => {
    expect(schemaFromOpenApi("Company")).toBe(schemaFromOpenApi("Company"));
    expect(schemaFromOpenApi("company")).toBe(schemaFromOpenApi("Company"));
  });

  it("throws a plain error for an unknown component", () => {
    expect(() => schemaFromOpenApi("NoSuchThing")).toThrow(/NoSuchThing/);
  });

  it("names the resource in query errors", () => {
    expect(() => compileConditions(`bogus = 1`, schemaFromOpenApi("CatalogItem"))).toThrow(
      /not a field of catalogItem/,
    );
  });
});
