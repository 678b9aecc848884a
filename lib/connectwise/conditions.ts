/**
 * Builds ConnectWise `conditions` text. Every value goes through formatConditionValue, so a company called
 * O'Brien & "Sons" Ltd is written `name = "O'Brien & \"Sons\" Ltd"` and cannot change the query's meaning.
 * Field paths are checked against ConnectWise's grammar (`name`, `company/id`, `_info/lastUpdated`) rather
 * than escaped. URL encoding is not done here: the query string encoder does it.
 */
import { formatConnectWiseDateTime } from "./date-time";

export type ConditionValue = string | number | boolean | Date | null;

export class Condition {
  readonly text: string;
  /** Set on and/or results, so that nesting them adds parentheses only where needed. */
  readonly combinator: "and" | "or" | null;

  private constructor(text: string, combinator: "and" | "or" | null) {
    this.text = text;
    this.combinator = combinator;
  }

  /** @internal use the `where` builders. */
  static create(text: string, combinator: "and" | "or" | null = null): Condition {
    return new Condition(text, combinator);
  }

  toString(): string {
    return this.text;
  }
}

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

function checkFieldPath(field: string): string {
  if (!FIELD_PATH.test(field)) throw new RangeError(`"${field}" is not a ConnectWise field path`);
  return field;
}

/** A string literal: double quotes, with backslashes and double quotes escaped by a backslash. */
export function quoteConditionString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export function formatConditionValue(value: ConditionValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return quoteConditionString(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return `[${formatConnectWiseDateTime(value)}]`;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`Cannot compare with ${value} in ConnectWise conditions`);
    const text = String(value);
    // ConnectWise's grammar has no exponent form; such magnitudes are not ids or prices anyway.
    if (/e/i.test(text)) throw new RangeError(`Cannot write ${value} in ConnectWise conditions`);
    return text;
  }
  throw new TypeError(`Unsupported condition value: ${String(value)}`);
}

function compare(field: string, operator: string, value: ConditionValue): Condition {
  return Condition.create(`${checkFieldPath(field)} ${operator} ${formatConditionValue(value)}`);
}

function textOperator(field: string, operator: string, text: string): Condition {
  if (typeof text !== "string") throw new TypeError(`${operator} needs a string`);
  return Condition.create(`${checkFieldPath(field)} ${operator} ${quoteConditionString(text)}`);
}

type MaybeCondition = Condition | null | undefined | false;

function combine(combinator: "and" | "or", conditions: MaybeCondition[]): Condition | null {
  const present = conditions.filter((condition): condition is Condition => condition instanceof Condition);
  if (present.length === 0) return null;
  if (present.length === 1) return present[0];
  const parts = present.map((condition) =>
    condition.combinator !== null && condition.combinator !== combinator ? `(${condition.text})` : condition.text,
  );
  return Condition.create(parts.join(` ${combinator} `), combinator);
}

/** `like` patterns use `%` and `*` (any run) and `_` (one character); this makes a text match only itself. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[[%_*]/g, (character) => `[${character}]`);
}

export const where = {
  eq: (field: string, value: ConditionValue) => compare(field, "=", value),
  notEq: (field: string, value: ConditionValue) => compare(field, "!=", value),
  lessThan: (field: string, value: number | Date | string) => compare(field, "<", value),
  lessOrEqual: (field: string, value: number | Date | string) => compare(field, "<=", value),
  greaterThan: (field: string, value: number | Date | string) => compare(field, ">", value),
  greaterOrEqual: (field: string, value: number | Date | string) => compare(field, ">=", value),
  /** Case-insensitive substring; ConnectWise's advice over `like` for "contains" searches. */
  contains: (field: string, text: string) => textOperator(field, "contains", text),
  notContains: (field: string, text: string) => textOperator(field, "not contains", text),
  /** `pattern` is used as written (`%` and `_` are wildcards); see escapeLikePattern for literal parts. */
  like: (field: string, pattern: string) => textOperator(field, "like", pattern),
  notLike: (field: string, pattern: string) => textOperator(field, "not like", pattern),
  inList: (field: string, values: ReadonlyArray<string | number>) => {
    if (values.length === 0) throw new RangeError(`"${field} in ()" matches nothing; skip the request instead`);
    return Condition.create(
      `${checkFieldPath(field)} in (${values.map((value) => formatConditionValue(value)).join(", ")})`,
    );
  },
  isNull: (field: string) => Condition.create(`${checkFieldPath(field)} = null`),
  isNotNull: (field: string) => Condition.create(`${checkFieldPath(field)} != null`),
  /** Skips null/undefined/false entries, so optional filters can be written inline. Null when none remain. */
  and: (...conditions: MaybeCondition[]) => combine("and", conditions),
  or: (...conditions: MaybeCondition[]) => combine("or", conditions),
};

export function renderConditions(condition: Condition | null | undefined): string | undefined {
  return condition ? condition.text : undefined;
}
