// Spec-driven validation of request bodies: types, date-time format, max lengths, enums and required
// fields all come from the OpenAPI extract, never from per-resource code.
import {
  describeMaxLength,
  describeRequired,
  IGNORE_UNKNOWN_PROPERTIES,
  NEWLINES_BECOME_SPACES,
  READ_ONLY_FIELDS,
  STRICT_SCALAR_TYPES,
  VALIDATION_CODES,
} from "./choices";
import { isConnectWiseDateTime } from "./datetime";
import { listRequiredOnUpdate, readComponent, readReferencedComponentName, type OpenApiProperty } from "./spec";

export interface ValidationIssue {
  code: string;
  message: string;
  resource: string;
  field: string;
}

export interface NormalizedBody {
  values: Record<string, unknown>;
  issues: ValidationIssue[];
}

const ALWAYS_READ_ONLY = new Set(["id", "_info"]);
const INT32_MAX = 2_147_483_647;

export function isReadOnlyField(schemaName: string, field: string): boolean {
  return ALWAYS_READ_ONLY.has(field) || (READ_ONLY_FIELDS[schemaName]?.includes(field) ?? false);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function normalizeString(value: string): string {
  return NEWLINES_BECOME_SPACES ? value.replace(/[\r\n]/g, " ") : value;
}

// Lenient deserializers (Json.NET) read "5" as 5 and "true" as true; used when STRICT_SCALAR_TYPES is off.
function coerceScalar(property: OpenApiProperty, text: string): unknown {
  if (
    (property.type === "integer" || property.type === "number") &&
    text.trim() !== "" &&
    Number.isFinite(Number(text))
  )
    return Number(text);
  if (property.type === "boolean" && /^(true|false)$/i.test(text)) return text.toLowerCase() === "true";
  return text;
}

// Checks one value against its property schema; returns the normalized value or an issue.
function checkValue(
  field: string,
  property: OpenApiProperty,
  value: unknown,
  resource: string,
): { value: unknown } | { issue: ValidationIssue } {
  const fail = (code: string, message: string) => ({ issue: { code, message, resource, field } });
  if (value === null) return { value: null };
  if (!STRICT_SCALAR_TYPES && typeof value === "string") value = coerceScalar(property, value);
  if (property.$ref !== undefined) {
    if (!isPlainObject(value)) return fail(VALIDATION_CODES.type, `The field ${field} must be an object.`);
    return { value };
  }
  switch (property.type) {
    case "string": {
      if (typeof value !== "string") return fail(VALIDATION_CODES.type, `The field ${field} must be a string.`);
      const text = normalizeString(value);
      if (property.format === "date-time" && text !== "" && !isConnectWiseDateTime(text)) {
        return fail(
          VALIDATION_CODES.dateTime,
          `The field ${field} has an unsupported date format: use yyyy-MM-ddTHH:mm:ssZ.`,
        );
      }
      if (property.maxLength !== undefined && text.length > property.maxLength) {
        return fail(VALIDATION_CODES.maxLength, describeMaxLength(field, property.maxLength));
      }
      if (property.enum !== undefined && !property.enum.includes(text)) {
        return fail(
          VALIDATION_CODES.enumValue,
          `The value '${text}' is not valid for ${field}. Valid values: ${property.enum.join(", ")}.`,
        );
      }
      return { value: property.format === "date-time" && text === "" ? null : text };
    }
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value) || Math.abs(value) > INT32_MAX) {
        return fail(VALIDATION_CODES.type, `The field ${field} must be an integer.`);
      }
      return { value };
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) {
        return fail(VALIDATION_CODES.type, `The field ${field} must be a number.`);
      }
      return { value };
    case "boolean":
      if (typeof value !== "boolean") return fail(VALIDATION_CODES.type, `The field ${field} must be true or false.`);
      return { value };
    case "array": {
      if (!Array.isArray(value)) return fail(VALIDATION_CODES.type, `The field ${field} must be an array.`);
      const items: unknown[] = [];
      for (const item of value) {
        const checked = property.items ? checkValue(field, property.items, item, resource) : { value: item };
        if ("issue" in checked) return checked;
        items.push(checked.value);
      }
      return { value: items };
    }
    default:
      // Free-form objects (CustomFieldValue.value) take any JSON value.
      return { value };
  }
}

// Normalizes a POST/PUT body (or a PATCH result): drops unknown and read-only properties, checks each
// remaining property, and turns \r and \n into spaces.
export function normalizeWriteBody(
  schemaName: string,
  body: Record<string, unknown>,
  resource: string,
): NormalizedBody {
  const component = readComponent(schemaName);
  const values: Record<string, unknown> = {};
  const issues: ValidationIssue[] = [];
  for (const [field, value] of Object.entries(body)) {
    const property = component.properties[field];
    if (!property) {
      if (!IGNORE_UNKNOWN_PROPERTIES)
        issues.push({ code: VALIDATION_CODES.type, message: `Unknown field ${field}.`, resource, field });
      continue;
    }
    if (isReadOnlyField(schemaName, field)) continue;
    if (value === undefined) continue;
    const checked = checkValue(field, property, value, resource);
    if ("issue" in checked) issues.push(checked.issue);
    else values[field] = checked.value;
  }
  return { values, issues };
}

function isMissing(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (isPlainObject(value))
    return !["id", "identifier", "name"].some(
      (key) => value[key] !== undefined && value[key] !== null && value[key] !== "",
    );
  return false;
}

const requiredFields = new Map<string, string[]>();

// Required fields: the spec's `required` list, plus "Required On Updates" fields on PUT.
export function findMissingRequired(
  schemaName: string,
  record: Record<string, unknown>,
  resource: string,
  mode: "create" | "update",
): ValidationIssue[] {
  const key = `${schemaName}|${mode}`;
  let required = requiredFields.get(key);
  if (!required) {
    const component = readComponent(schemaName);
    required = [...(component.required ?? []), ...(mode === "update" ? listRequiredOnUpdate(component) : [])];
    requiredFields.set(key, required);
  }
  return required
    .filter((field) => isMissing(record[field]))
    .map((field) => ({ code: VALIDATION_CODES.required, message: describeRequired(field), resource, field }));
}

// Properties of a schema that are references (single or arrays), with the reference schema name.
const referenceProperties = new Map<string, Array<{ field: string; referenceSchema: string; isArray: boolean }>>();

export function listReferenceProperties(
  schemaName: string,
): Array<{ field: string; referenceSchema: string; isArray: boolean }> {
  const cached = referenceProperties.get(schemaName);
  if (cached) return cached;
  const component = readComponent(schemaName);
  const found: Array<{ field: string; referenceSchema: string; isArray: boolean }> = [];
  for (const [field, property] of Object.entries(component.properties)) {
    const direct = readReferencedComponentName(property);
    if (direct && direct.endsWith("Reference")) found.push({ field, referenceSchema: direct, isArray: false });
    const item = property.type === "array" && property.items ? readReferencedComponentName(property.items) : undefined;
    if (item && item.endsWith("Reference")) found.push({ field, referenceSchema: item, isArray: true });
  }
  referenceProperties.set(schemaName, found);
  return found;
}
