import { isCanonicalDatetime, parseDatetime } from "./datetime-literal";
import { isScalarSchema, readResourceName, resolveFieldPath, type FieldSchema } from "./field-schema";
import { QueryError } from "./query-error";
import { buildFieldReader } from "./read-field";

type Comparator = (a: unknown, b: unknown) => number;

function isNullish(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function compareNumbers(left: unknown, right: unknown): number {
  const difference = Number(left) - Number(right);
  return Number.isNaN(difference) ? 0 : Math.sign(difference);
}

function compareDatetimes(left: unknown, right: unknown): number {
  const leftText = String(left);
  const rightText = String(right);
  if (isCanonicalDatetime(leftText) && isCanonicalDatetime(rightText)) return compareText(leftText, rightText);
  const leftEpoch = parseDatetime(leftText);
  const rightEpoch = parseDatetime(rightText);
  if (leftEpoch === undefined || rightEpoch === undefined) return compareText(leftText, rightText);
  return Math.sign(leftEpoch - rightEpoch);
}

// Case-insensitive like the SQL Server collation ConnectWise uses.
function compareStrings(left: unknown, right: unknown): number {
  return compareText(String(left).toLowerCase(), String(right).toLowerCase());
}

function compareBooleans(left: unknown, right: unknown): number {
  return Number(left === true || left === "true") - Number(right === true || right === "true");
}

function compareFreeForm(left: unknown, right: unknown): number {
  if (typeof left === "number" && typeof right === "number") return Math.sign(left - right);
  return compareStrings(left, right);
}

function pickValueComparator(schema: FieldSchema): Comparator {
  switch (schema.type) {
    case "number":
    case "integer":
      return compareNumbers;
    case "datetime":
      return compareDatetimes;
    case "boolean":
      return compareBooleans;
    case "string":
      return compareStrings;
    default:
      return compareFreeForm;
  }
}

function compareById(a: unknown, b: unknown): number {
  const left = (a as { id?: unknown } | null)?.id;
  const right = (b as { id?: unknown } | null)?.id;
  return typeof left === "number" && typeof right === "number" ? Math.sign(left - right) : 0;
}

// orderBy "name asc, id desc": comma-separated keys, each a field path with an optional direction
// (default asc). Nulls sort first ascending and last descending, as on SQL Server; ties fall back
// to ascending id so that navigable pages are stable.
export function compileOrderBy(text: string, schema: FieldSchema): Comparator {
  const keys: Array<{ read: (record: unknown) => unknown; compare: Comparator; direction: 1 | -1 }> = [];
  const resource = readResourceName(schema);
  if ((text ?? "").trim() !== "") {
    let offset = 0;
    for (const part of text.split(",")) {
      const position = offset + (part.length - part.trimStart().length);
      offset += part.length + 1;
      const words = part.trim().split(/\s+/);
      if (words[0] === "") {
        throw new QueryError(`expected a field name`, {
          parameter: "orderBy",
          code: "InvalidSyntax",
          position,
          resource,
        });
      }
      if (words.length > 2) {
        throw new QueryError(`expected "field asc" or "field desc" but found "${part.trim()}"`, {
          parameter: "orderBy",
          code: "InvalidSyntax",
          position,
          resource,
        });
      }
      const direction = words[1]?.toLowerCase() ?? "asc";
      if (direction !== "asc" && direction !== "desc") {
        throw new QueryError(`unknown sort direction "${words[1]}" (use asc or desc)`, {
          parameter: "orderBy",
          code: "InvalidSyntax",
          position: position + part.trim().indexOf(words[1], words[0].length),
          resource,
        });
      }
      const path = resolveFieldPath(words[0], schema, { parameter: "orderBy", position });
      if (!isScalarSchema(path.leaf) || path.crossesArray) {
        throw new QueryError(
          `cannot order by "${path.displayPath}"; choose a single-valued field such as ${path.displayPath}/id`,
          {
            parameter: "orderBy",
            code: "InvalidOperator",
            position,
            resource,
          },
        );
      }
      keys.push({
        read: buildFieldReader(path.segments),
        compare: pickValueComparator(path.leaf),
        direction: direction === "asc" ? 1 : -1,
      });
    }
  }
  return (a, b) => {
    for (const key of keys) {
      const left = key.read(a);
      const right = key.read(b);
      const leftIsNull = isNullish(left);
      const rightIsNull = isNullish(right);
      let order: number;
      if (leftIsNull || rightIsNull) {
        order = leftIsNull === rightIsNull ? 0 : leftIsNull ? -1 : 1;
      } else {
        order = key.compare(left, right);
      }
      if (order !== 0) return order * key.direction;
    }
    return compareById(a, b);
  };
}
