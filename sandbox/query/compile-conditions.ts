import { formatCanonicalDatetime, isCanonicalDatetime, parseDatetime } from "./datetime-literal";
import {
  isFreeFormObject,
  isScalarSchema,
  readResourceName,
  resolveFieldPath,
  type FieldSchema,
  type PathSegment,
} from "./field-schema";
import { compileLikePattern } from "./like-pattern";
import { buildFieldReader, collectValues, type FieldReader } from "./read-field";
import { parseConditions, type ConditionNode, type LiteralNode } from "./conditions-parser";
import { QueryError, type QueryErrorCode, type QueryParameterName } from "./query-error";

export interface CompileConditionsOptions {
  // `in` is rejected when false (childConditions and customFieldConditions do not allow it).
  allowIn?: boolean;
  // Which query parameter the text came from; it names the parameter in errors and chooses how
  // array fields are evaluated. Defaults to "childConditions" when allowIn is false, else "conditions".
  parameterName?: "conditions" | "childConditions" | "customFieldConditions";
}

type Predicate = (record: unknown) => boolean;
// `bound` holds the array member currently chosen for each array field (childConditions only).
type Evaluator = (record: unknown, bound: unknown[]) => boolean;
type ValueTest = (value: unknown) => boolean;

interface CompileContext {
  schema: FieldSchema;
  parameter: QueryParameterName;
  allowIn: boolean;
  // childConditions semantics: the whole expression must hold for one member of each array field.
  bindArrayMembers: boolean;
  arrayRoots: Array<{ key: string; read: FieldReader }>;
}

const NO_BINDINGS: unknown[] = [];
const CACHE_LIMIT = 256;
const compiledCache = new WeakMap<FieldSchema, Map<string, Predicate>>();

// A missing key, null and "" all count as null (ConnectWise omits null fields from JSON).
function isNullish(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "") return Number(value);
  return Number.NaN;
}

function toText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function describeLiteral(literal: LiteralNode): string {
  switch (literal.kind) {
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    case "null":
      return "null";
    case "datetime":
      return "a datetime";
    case "list":
      return "a list";
  }
}

class ConditionsCompiler {
  constructor(private readonly context: CompileContext) {}

  private fail(detail: string, code: QueryErrorCode, position: number): never {
    throw new QueryError(detail, {
      parameter: this.context.parameter,
      code,
      position,
      resource: readResourceName(this.context.schema),
    });
  }

  compileNode(node: ConditionNode): Evaluator {
    switch (node.kind) {
      case "or": {
        const operands = node.operands.map((operand) => this.compileNode(operand));
        if (operands.length === 2) {
          const [left, right] = operands;
          return (record, bound) => left(record, bound) || right(record, bound);
        }
        return (record, bound) => operands.some((operand) => operand(record, bound));
      }
      case "and": {
        const operands = node.operands.map((operand) => this.compileNode(operand));
        if (operands.length === 2) {
          const [left, right] = operands;
          return (record, bound) => left(record, bound) && right(record, bound);
        }
        return (record, bound) => operands.every((operand) => operand(record, bound));
      }
      case "not": {
        const operand = this.compileNode(node.operand);
        return (record, bound) => !operand(record, bound);
      }
      case "comparison":
        return this.compileComparison(node);
    }
  }

  private compileComparison(node: Extract<ConditionNode, { kind: "comparison" }>): Evaluator {
    const { parameter } = this.context;
    const path = resolveFieldPath(node.field, this.context.schema, { parameter, position: node.fieldPosition });
    if (!isScalarSchema(path.leaf)) {
      const example = path.leaf.type === "map" ? `${path.displayPath}/lastUpdated` : `${path.displayPath}/id`;
      this.fail(
        `field "${path.displayPath}" is an object and cannot be compared; compare one of its fields, e.g. ${example}`,
        "InvalidOperator",
        node.fieldPosition,
      );
    }
    if (node.operator === "in" && !this.context.allowIn) {
      this.fail(`the "in" operator is not allowed in ${parameter}`, "InvalidOperator", node.operatorPosition);
    }
    const positiveTest = this.buildValueTest(node, path.leaf, path.displayPath);
    const negate = node.negated || node.operator === "!=";

    if (!path.crossesArray) {
      const read = buildFieldReader(path.segments);
      return negate ? (record) => !positiveTest(read(record)) : (record) => positiveTest(read(record));
    }

    const firstArray = path.segments.findIndex((segment) => segment.isArray);
    if (this.context.bindArrayMembers) {
      const rootSegments = path.segments.slice(0, firstArray + 1);
      const slot = this.findArrayRoot(rootSegments);
      const remainder = path.segments.slice(firstArray + 1);
      if (remainder.some((segment) => segment.isArray)) {
        return (_record, bound) => {
          const values: unknown[] = [];
          collectValues(bound[slot], remainder, 0, values);
          const matched = values.some(positiveTest);
          return negate ? !matched : matched;
        };
      }
      const read = remainder.length === 0 ? (member: unknown) => member : buildFieldReader(remainder);
      return negate
        ? (_record, bound) => !positiveTest(read(bound[slot]))
        : (_record, bound) => positiveTest(read(bound[slot]));
    }

    // conditions on an array field: true when any member matches; an empty or missing array acts as null.
    return (record) => {
      const values: unknown[] = [];
      collectValues(record, path.segments, 0, values);
      if (values.length === 0) values.push(undefined);
      const matched = values.some(positiveTest);
      return negate ? !matched : matched;
    };
  }

  private findArrayRoot(rootSegments: PathSegment[]): number {
    const key = rootSegments.map((segment) => segment.key.toLowerCase()).join("/");
    const existing = this.context.arrayRoots.findIndex((root) => root.key === key);
    if (existing !== -1) return existing;
    this.context.arrayRoots.push({ key, read: buildFieldReader(rootSegments) });
    return this.context.arrayRoots.length - 1;
  }

  // The test for the positive form of the operator (`=` for `!=`, `like` for `not like`).
  private buildValueTest(
    node: Extract<ConditionNode, { kind: "comparison" }>,
    leaf: FieldSchema,
    displayPath: string,
  ): ValueTest {
    const { operator, value: literal } = node;
    const fieldType = isFreeFormObject(leaf) ? "any" : leaf.type;
    const mismatch = (hint: string): never =>
      this.fail(
        `field "${displayPath}" is ${fieldType === "integer" ? "an integer" : `a ${fieldType}`} field and cannot be compared with ${describeLiteral(literal)}${hint}`,
        "InvalidValue",
        literal.position,
      );
    const operatorNotAllowed = (): never =>
      this.fail(
        `operator "${node.negated ? "not " : ""}${operator}" cannot be used on ${fieldType} field "${displayPath}"`,
        "InvalidOperator",
        node.operatorPosition,
      );

    const isTextOperator = operator === "contains" || operator === "like";
    const isOperatorAllowed =
      fieldType === "boolean"
        ? operator === "=" || operator === "!="
        : fieldType === "datetime"
          ? !isTextOperator && operator !== "in"
          : fieldType === "number" || fieldType === "integer"
            ? !isTextOperator
            : true;
    if (!isOperatorAllowed) return operatorNotAllowed();

    if (literal.kind === "null") {
      if (operator !== "=" && operator !== "!=") {
        this.fail(`null can only be used with = or !=`, "InvalidOperator", node.operatorPosition);
      }
      return isNullish;
    }

    if (operator === "in") {
      if (literal.kind !== "list") return mismatch("");
      return this.buildInTest(literal.items, fieldType, displayPath);
    }
    if (literal.kind === "list") return mismatch("");

    if (literal.kind === "datetime") {
      const epoch = parseDatetime(literal.text);
      if (epoch === undefined) {
        this.fail(
          `"[${literal.text}]" is not a valid datetime (expected e.g. [2025-01-31T00:00:00Z])`,
          "InvalidValue",
          literal.position,
        );
      }
      if (fieldType !== "datetime" && fieldType !== "string" && fieldType !== "any") return mismatch("");
      if (isTextOperator) return operatorNotAllowed();
      return buildDatetimeTest(operator, epoch as number);
    }

    if (literal.kind === "boolean") {
      if (fieldType !== "boolean" && fieldType !== "any") return mismatch("");
      if (operator !== "=" && operator !== "!=") return operatorNotAllowed();
      const expected = literal.value;
      const expectedText = String(expected);
      return (value) => value === expected || (typeof value === "string" && value.toLowerCase() === expectedText);
    }

    if (fieldType === "boolean") return mismatch(" (use true or false)");
    if (fieldType === "datetime") {
      return mismatch(` (write datetimes in brackets, e.g. ${displayPath} > [2025-01-31T00:00:00Z])`);
    }

    if (fieldType === "number" || fieldType === "integer") {
      if (literal.kind !== "number") return mismatch(` (write numbers without quotes, e.g. ${displayPath} = 5)`);
      return buildNumberTest(operator, literal.value);
    }

    if (fieldType === "any" && literal.kind === "number") {
      return isTextOperator ? buildTextTest(operator, literal.text) : buildNumberTest(operator, literal.value);
    }

    // String fields (and free-form values compared with a string). A number literal is compared
    // as its text, e.g. identifier = 1001.
    const text = literal.kind === "string" ? literal.value : literal.text;
    // "" counts as null, so `= ""` behaves like `= null` (and `!= ""` like `!= null`).
    if (operator === "=" && text === "") return isNullish;
    return buildTextTest(operator, text);
  }

  private buildInTest(items: LiteralNode[], fieldType: string, displayPath: string): ValueTest {
    for (const item of items) {
      if (item.kind !== "string" && item.kind !== "number") {
        this.fail(
          `"in" lists may only hold strings or numbers, found ${describeLiteral(item)}`,
          "InvalidValue",
          item.position,
        );
      }
    }
    if (fieldType === "number" || fieldType === "integer") {
      const wrong = items.find((item) => item.kind !== "number");
      if (wrong !== undefined) {
        this.fail(
          `field "${displayPath}" is numeric and cannot be compared with a string (write numbers without quotes)`,
          "InvalidValue",
          wrong.position,
        );
      }
      const numbers = new Set(items.map((item) => (item as { value: number }).value));
      return (value) => numbers.has(toNumber(value));
    }
    const texts = new Set(
      items.map((item) => (item.kind === "string" ? item.value : (item as { text: string }).text).toLowerCase()),
    );
    const numbers = new Set(
      items.filter((item) => item.kind === "number").map((item) => (item as { value: number }).value),
    );
    return (value) => {
      if (typeof value === "number" && numbers.has(value)) return true;
      const text = toText(value);
      return text !== undefined && texts.has(text.toLowerCase());
    };
  }
}

function buildNumberTest(operator: string, expected: number): ValueTest {
  switch (operator) {
    case "=":
    case "!=":
      return (value) => toNumber(value) === expected;
    case "<":
      return (value) => toNumber(value) < expected;
    case "<=":
      return (value) => toNumber(value) <= expected;
    case ">":
      return (value) => toNumber(value) > expected;
    default:
      return (value) => toNumber(value) >= expected;
  }
}

function buildTextTest(operator: string, expected: string): ValueTest {
  const lowered = expected.toLowerCase();
  const compareWith = (value: unknown): number | undefined => {
    const text = toText(value);
    if (text === undefined || text === "") return undefined;
    return compareText(text.toLowerCase(), lowered);
  };
  switch (operator) {
    case "=":
    case "!=":
      return (value) => {
        if (value === expected) return true;
        const text = toText(value);
        return text !== undefined && text.toLowerCase() === lowered;
      };
    case "contains":
      return (value) => {
        const text = toText(value);
        return text !== undefined && text !== "" && text.toLowerCase().includes(lowered);
      };
    case "like": {
      const matches = compileLikePattern(expected);
      return (value) => {
        const text = toText(value);
        return text !== undefined && text !== "" && matches(text);
      };
    }
    case "<":
      return (value) => {
        const order = compareWith(value);
        return order !== undefined && order < 0;
      };
    case "<=":
      return (value) => {
        const order = compareWith(value);
        return order !== undefined && order <= 0;
      };
    case ">":
      return (value) => {
        const order = compareWith(value);
        return order !== undefined && order > 0;
      };
    default:
      return (value) => {
        const order = compareWith(value);
        return order !== undefined && order >= 0;
      };
  }
}

function buildDatetimeTest(operator: string, expected: number): ValueTest {
  const canonical = formatCanonicalDatetime(expected);
  // Orders a record value against the literal: negative, zero, positive, or undefined if it is no datetime.
  const compareWith = (value: unknown): number | undefined => {
    if (typeof value !== "string") return undefined;
    if (canonical !== undefined && isCanonicalDatetime(value)) return compareText(value, canonical);
    const epoch = parseDatetime(value);
    return epoch === undefined ? undefined : epoch - expected;
  };
  switch (operator) {
    case "=":
    case "!=":
      return (value) => compareWith(value) === 0;
    case "<":
      return (value) => {
        const order = compareWith(value);
        return order !== undefined && order < 0;
      };
    case "<=":
      return (value) => {
        const order = compareWith(value);
        return order !== undefined && order <= 0;
      };
    case ">":
      return (value) => {
        const order = compareWith(value);
        return order !== undefined && order > 0;
      };
    default:
      return (value) => {
        const order = compareWith(value);
        return order !== undefined && order >= 0;
      };
  }
}

function buildPredicate(root: Evaluator, arrayRoots: CompileContext["arrayRoots"]): Predicate {
  if (arrayRoots.length === 0) return (record) => root(record, NO_BINDINGS);
  // childConditions: some choice of one member per array field satisfies the whole expression,
  // like the join ConnectWise runs against the child table.
  const bindFrom = (record: unknown, slot: number, bound: unknown[]): boolean => {
    if (slot === arrayRoots.length) return root(record, bound);
    const members = arrayRoots[slot].read(record);
    if (!Array.isArray(members)) return false;
    for (const member of members) {
      bound[slot] = member;
      if (bindFrom(record, slot + 1, bound)) return true;
    }
    return false;
  };
  return (record) => bindFrom(record, 0, new Array(arrayRoots.length));
}

// conditions / childConditions / customFieldConditions: parse once into a predicate.
// Field names and keywords are case-insensitive; string comparisons are case-insensitive.
export function compileConditions(
  text: string,
  schema: FieldSchema,
  options: CompileConditionsOptions = {},
): Predicate {
  // Tolerate a missing parameter from a careless caller: it means "no conditions".
  text = text ?? "";
  const parameter = options.parameterName ?? (options.allowIn === false ? "childConditions" : "conditions");
  const allowIn = options.allowIn ?? parameter === "conditions";
  const cacheKey = `${parameter}\u0000${allowIn}\u0000${text}`;
  let cache = compiledCache.get(schema);
  const cached = cache?.get(cacheKey);
  if (cached !== undefined) return cached;

  let predicate: Predicate;
  let tree: ConditionNode | null;
  try {
    tree = parseConditions(text, parameter);
  } catch (error) {
    // The parser does not know the resource; name it so the 400 body says e.g. "company".
    if (error instanceof QueryError) {
      throw new QueryError(error.detail, {
        parameter: error.parameter,
        code: error.code,
        position: error.position,
        resource: readResourceName(schema),
      });
    }
    throw error;
  }
  if (tree === null) {
    predicate = () => true;
  } else {
    const context: CompileContext = {
      schema,
      parameter,
      allowIn,
      bindArrayMembers: parameter !== "conditions",
      arrayRoots: [],
    };
    const root = new ConditionsCompiler(context).compileNode(tree);
    predicate = buildPredicate(root, context.arrayRoots);
  }

  if (cache === undefined) {
    cache = new Map();
    compiledCache.set(schema, cache);
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(cacheKey, predicate);
  return predicate;
}
