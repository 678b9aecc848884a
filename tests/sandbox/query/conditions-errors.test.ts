import { describe, expect, it } from "vitest";
import { compileConditions, QueryError, schemaFromOpenApi } from "@/sandbox/query";

const companySchema = schemaFromOpenApi("Company");

function captureError(run: () => unknown): QueryError {
  try {
    run();
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error("expected a QueryError");
}

function conditionsError(conditions: string, options?: { allowIn?: boolean }): QueryError {
  return captureError(() => compileConditions(conditions, companySchema, options));
}

describe("conditions errors: ConnectWise 400 body", () => {
  it("turns into InvalidObject with one item naming the parameter and resource", () => {
    const error = conditionsError(`nmae = "Acme"`);
    expect(error.status).toBe(400);
    const body = error.toConnectWiseBody();
    expect(body.code).toBe("InvalidObject");
    expect(body.message).toContain("nmae");
    expect(body.message).toContain("position 0");
    expect(body.errors).toEqual([
      { code: "UnknownField", message: body.message, resource: "company", field: "conditions" },
    ]);
    // Serialisable as-is.
    expect(JSON.parse(JSON.stringify(body))).toEqual(body);
  });

  it("names the resource for syntax errors too", () => {
    expect(conditionsError(`name = `).toConnectWiseBody().errors?.[0].resource).toBe("company");
  });
});

describe("conditions errors: unknown fields", () => {
  it.each([
    [`nmae = "x"`, 0, "nmae"],
    [`id = 1 and status/nmae = "x"`, 11, "status/nmae"],
    [`id = 1 or company/id = 5`, 10, "company/id"],
    [`name/first = "x"`, 0, "name/first"],
  ])("rejects %s at position %i", (conditions, position, field) => {
    const error = conditionsError(conditions);
    expect(error.code).toBe("UnknownField");
    expect(error.position).toBe(position);
    expect(error.message).toContain(field);
  });

  it("rejects comparing a whole reference object", () => {
    const error = conditionsError(`status = "Active"`);
    expect(error.code).toBe("InvalidOperator");
    expect(error.message).toContain("status/id");
  });
});

describe("conditions errors: syntax", () => {
  it.each([
    [`name = `, 7, "expected a value"],
    [`name "Acme"`, 5, "expected an operator"],
    [`name == "Acme"`, 6, "expected a value"],
    [`(id = 1`, 7, `expected ")"`],
    [`id = 1)`, 6, "unbalanced parenthesis"],
    [`id = 1 and`, 10, "expected a field name"],
    [`id = 1 id = 2`, 7, `expected "and" or "or"`],
    [`name = "Acme`, 7, "unterminated string"],
    [`name = 'Acme`, 7, "unterminated string"],
    [`dateAcquired > [2020-01-01`, 15, "unterminated datetime"],
    [`name = Acme`, 7, "quote string values"],
    [`id = 12abc`, 5, "malformed number"],
    [`id ! 3`, 3, "!="],
    [`id = 1 & id = 2`, 7, "unexpected character"],
    [`name not = "x"`, 9, "contains, like or in"],
    [`id in 1`, 6, "parenthesised list"],
    [`id in ()`, 7, "empty"],
    [`id in (1 2)`, 9, `expected "," or ")"`],
    [`status/ = 1`, 6, "field name after"],
  ])("%s fails at position %i", (conditions, position, fragment) => {
    const error = conditionsError(conditions);
    expect(error.code).toBe("InvalidSyntax");
    expect(error.position).toBe(position);
    expect(error.message).toContain(fragment);
  });
});

describe("conditions errors: types", () => {
  it.each([
    [`id = "5"`, "InvalidValue", 5],
    [`numberOfEmployees > "10"`, "InvalidValue", 20],
    [`id = true`, "InvalidValue", 5],
    [`leadFlag = "true"`, "InvalidValue", 11],
    [`leadFlag = 1`, "InvalidValue", 11],
    [`leadFlag > false`, "InvalidOperator", 9],
    [`dateAcquired > "2020-01-01T00:00:00Z"`, "InvalidValue", 15],
    [`dateAcquired > [yesterday]`, "InvalidValue", 15],
    [`dateAcquired > [2020-02-30T00:00:00Z]`, "InvalidValue", 15],
    [`name = true`, "InvalidValue", 7],
    [`id like "1%"`, "InvalidOperator", 3],
    [`id contains "1"`, "InvalidOperator", 3],
    [`name contains [2020-01-01]`, "InvalidOperator", 5],
    [`id in ("1", "2")`, "InvalidValue", 7],
    [`id in (1, null)`, "InvalidValue", 10],
    [`leadFlag in (true)`, "InvalidOperator", 9],
    [`id > null`, "InvalidOperator", 3],
    [`name like null`, "InvalidOperator", 5],
  ])("%s is rejected with %s at position %i", (conditions, code, position) => {
    const error = conditionsError(conditions);
    expect(error.code).toBe(code);
    expect(error.position).toBe(position);
  });

  it("explains how to write the value", () => {
    expect(conditionsError(`id = "5"`).message).toContain("without quotes");
    expect(conditionsError(`dateAcquired > "2020-01-01"`).message).toContain("[2025-01-31T00:00:00Z]");
  });
});

describe("conditions errors: in outside conditions", () => {
  it("rejects in when allowIn is false, naming childConditions", () => {
    const error = conditionsError(`types/id in (1, 2)`, { allowIn: false });
    expect(error.code).toBe("InvalidOperator");
    expect(error.parameter).toBe("childConditions");
    expect(error.position).toBe(9);
    expect(error.toConnectWiseBody().errors?.[0].field).toBe("childConditions");
  });

  it("names customFieldConditions when asked", () => {
    const error = captureError(() =>
      compileConditions(`caption in ("a")`, schemaFromOpenApi("CustomFieldValue"), {
        parameterName: "customFieldConditions",
      }),
    );
    expect(error.parameter).toBe("customFieldConditions");
  });
});
