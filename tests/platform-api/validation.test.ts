import { describe, expect, it } from "vitest";
import { findUnknownReferences } from "@/lib/platform/report-usage";
import { ProblemError } from "@/lib/platform-api/problem";
import { parseRequest } from "@/lib/platform-api/validate";
import { productInputSchema, usageBatchInputSchema } from "@/lib/schemas/platform-api";

describe("platform API validation", () => {
  it("names every unknown organization, duplicate and unknown SKU of a batch with its index", () => {
    const errors = findUnknownReferences(
      [
        { externalId: "org-1", quantities: { A: 1 } },
        { externalId: "org-x", quantities: { A: 1, Z: 2 } },
        { externalId: "org-1", quantities: {} },
      ],
      { organizations: new Map([["org-1", "id-1"]]), skus: new Map([["A", "product-a"]]) },
      { batch: true },
    );
    expect(errors).toEqual([
      { path: "organizations.1.externalId", message: 'Unknown organization "org-x"', index: 1, externalId: "org-x" },
      { path: "organizations.1.quantities.Z", message: 'Unknown SKU "Z"', index: 1, externalId: "org-x" },
      {
        path: "organizations.2.externalId",
        message: 'Organization "org-1" is listed twice (also at index 0)',
        index: 2,
        externalId: "org-1",
      },
    ]);
  });

  it("turns zod issues into 422 field errors: unknown fields by name, batch entries with index and externalId", () => {
    const problem = (() => {
      try {
        parseRequest(usageBatchInputSchema, {
          asOf: "2026-12-01T00:00:00Z",
          organizations: [
            { externalId: "org-1", quantities: { A: 1.5 } },
            { externalId: "org-2", quantities: {}, x: 1 },
          ],
        });
      } catch (error) {
        return error as ProblemError;
      }
      throw new Error("expected a problem");
    })();
    expect(problem).toBeInstanceOf(ProblemError);
    expect(problem.status).toBe(422);
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: "organizations.0.quantities.A", index: 0, externalId: "org-1" }),
      { path: "organizations.1.x", message: 'Unknown field "x"', index: 1, externalId: "org-2" },
    ]);
    expect(() => parseRequest(productInputSchema, { name: "P", unit: "user", unitPrice: 1.005 })).toThrow(ProblemError);
    expect(parseRequest(productInputSchema, { name: " P ", unit: "user", unitPrice: 1.25 })).toEqual({
      name: "P",
      unit: "user",
      unitPrice: 1.25,
    });
  });
});
