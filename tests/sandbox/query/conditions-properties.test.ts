import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileConditions, type FieldSchema } from "@/sandbox/query";

const schema: FieldSchema = {
  type: "object",
  properties: {
    id: { type: "integer" },
    name: { type: "string" },
    count: { type: "integer" },
    activeFlag: { type: "boolean" },
  },
};

interface Row {
  id: number;
  name: string;
  count?: number | null;
  activeFlag?: boolean;
}

// Escapes a value the way a careful client would: backslash before backslash and double quote.
function quoteWithBackslashes(value: string): string {
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

// The other accepted style: single quotes, a quote doubled; backslashes before a quote or
// backslash still need escaping because they would otherwise be read as escapes.
function quoteWithDoubledQuotes(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

const nameArbitrary = fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }).filter((name) => name.trim() !== "");

describe("conditions properties", () => {
  it("an escaped name matches exactly the records with that name (case-insensitively)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(nameArbitrary, { minLength: 1, maxLength: 8 }), fc.nat(), (names, pick) => {
        const rows: Row[] = names.map((name, index) => ({ id: index + 1, name }));
        const target = names[pick % names.length];
        const expected = rows.filter((row) => row.name.toLowerCase() === target.toLowerCase()).map((row) => row.id);
        for (const quoted of [quoteWithBackslashes(target), quoteWithDoubledQuotes(target)]) {
          const matches = compileConditions(`name = ${quoted}`, schema);
          expect(rows.filter(matches).map((row) => row.id)).toEqual(expected);
        }
      }),
    );
  });

  it("!= is the complement of =, and not (...) the complement of its group", () => {
    const rowArbitrary = fc.record({
      id: fc.integer({ min: 1, max: 50 }),
      name: fc.constantFrom("a", "B", "c", ""),
      count: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
      activeFlag: fc.boolean(),
    });
    const conditionArbitrary = fc.constantFrom(
      `count = 1`,
      `count > 0`,
      `count = null`,
      `name = "b"`,
      `name like "%"`,
      `name contains "a"`,
      `id in (1, 2, 3)`,
      `activeFlag = true`,
    );
    fc.assert(
      fc.property(fc.array(rowArbitrary, { maxLength: 20 }), conditionArbitrary, (rows, condition) => {
        const matches = compileConditions(condition, schema);
        const negated = compileConditions(`not (${condition})`, schema);
        for (const row of rows) expect(negated(row)).toBe(!matches(row));
        if (condition.includes(" = ")) {
          const different = compileConditions(condition.replace(" = ", " != "), schema);
          for (const row of rows) expect(different(row)).toBe(!matches(row));
        }
      }),
    );
  });

  // Random boolean trees over simple comparisons, printed with the fewest parentheses that
  // and-over-or precedence allows, must evaluate like the tree itself.
  type Tree =
    | { kind: "atom"; threshold: number }
    | { kind: "and" | "or"; left: Tree; right: Tree }
    | { kind: "not"; operand: Tree };

  const treeArbitrary = fc.letrec<{ tree: Tree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.record({ kind: fc.constant("atom" as const), threshold: fc.integer({ min: 0, max: 10 }) }),
      fc.record({ kind: fc.constantFrom("and" as const, "or" as const), left: tie("tree"), right: tie("tree") }),
      fc.record({ kind: fc.constant("not" as const), operand: tie("tree") }),
    ),
  })).tree;

  const precedence = { or: 1, and: 2, not: 3, atom: 4 } as const;

  function render(tree: Tree, parentPrecedence: number): string {
    let text: string;
    switch (tree.kind) {
      case "atom":
        text = `count > ${tree.threshold}`;
        break;
      case "not":
        text = `not (${render(tree.operand, 0)})`;
        break;
      default:
        // Left-associative: the right operand of the same operator needs no parentheses either.
        text = `${render(tree.left, precedence[tree.kind])} ${tree.kind.toUpperCase()} ${render(tree.right, precedence[tree.kind])}`;
    }
    return precedence[tree.kind] < parentPrecedence ? `(${text})` : text;
  }

  function evaluate(tree: Tree, count: number): boolean {
    switch (tree.kind) {
      case "atom":
        return count > tree.threshold;
      case "not":
        return !evaluate(tree.operand, count);
      case "and":
        return evaluate(tree.left, count) && evaluate(tree.right, count);
      case "or":
        return evaluate(tree.left, count) || evaluate(tree.right, count);
    }
  }

  it("and binds tighter than or in any expression", () => {
    fc.assert(
      fc.property(treeArbitrary, (tree) => {
        const matches = compileConditions(render(tree, 0), schema);
        for (let count = 0; count <= 11; count += 1) {
          expect(matches({ id: 1, name: "x", count })).toBe(evaluate(tree, count));
        }
      }),
    );
  });
});
