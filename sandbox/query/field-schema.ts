import { readFileSync } from "node:fs";
import { QueryError, type QueryParameterName } from "./query-error";

// A resource schema: the field tree used to resolve condition paths, orderBy, fields projection and
// to detect unknown fields.
export interface FieldSchema {
  type: "string" | "number" | "integer" | "boolean" | "datetime" | "object" | "array" | "map";
  properties?: Record<string, FieldSchema>; // for object (keyed by the real, case-sensitive name)
  items?: FieldSchema; // for array; for map it describes the values (strings for `_info`)
}
// An `object` without `properties` is free-form (e.g. CustomFieldValue.value): it can be compared
// with any literal type, but has no sub-fields.

const OPENAPI_EXTRACT_URL = new URL("../spec/openapi-extract.json", import.meta.url);
const INFO_SCHEMA: FieldSchema = { type: "map", items: { type: "string" } };

// Resource names for error bodies (`resource` in ConnectWise's ValidationError), e.g. "company".
const resourceNames = new WeakMap<FieldSchema, string>();

export function readResourceName(schema: FieldSchema): string | undefined {
  return resourceNames.get(schema);
}

interface OpenApiSchema {
  type?: string;
  format?: string;
  $ref?: string;
  enum?: unknown[];
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema | boolean;
}

let openApiComponents: Record<string, OpenApiSchema> | undefined;
const builtSchemas = new Map<string, FieldSchema>();

function readOpenApiComponents(): Record<string, OpenApiSchema> {
  if (openApiComponents === undefined) {
    const document = JSON.parse(readFileSync(OPENAPI_EXTRACT_URL, "utf8")) as {
      components?: { schemas?: Record<string, OpenApiSchema> };
    };
    openApiComponents = document.components?.schemas ?? {};
  }
  return openApiComponents;
}

function findComponentName(componentName: string): string | undefined {
  const components = readOpenApiComponents();
  if (Object.hasOwn(components, componentName)) return componentName;
  const lowered = componentName.toLowerCase();
  return Object.keys(components).find((name) => name.toLowerCase() === lowered);
}

function convertOpenApiSchema(source: OpenApiSchema): FieldSchema {
  if (source.$ref !== undefined) {
    const referenced = source.$ref.replace(/^#\/components\/schemas\//, "");
    return buildComponentSchema(referenced);
  }
  switch (source.type) {
    case "string":
      return { type: source.format === "date-time" ? "datetime" : "string" };
    case "integer":
      return { type: "integer" };
    case "number":
      return { type: "number" };
    case "boolean":
      return { type: "boolean" };
    case "array":
      return { type: "array", items: source.items ? convertOpenApiSchema(source.items) : { type: "object" } };
    case "object":
    case undefined: {
      if (source.properties !== undefined) {
        const properties: Record<string, FieldSchema> = {};
        for (const [name, property] of Object.entries(source.properties)) {
          properties[name] = convertOpenApiSchema(property);
        }
        return { type: "object", properties };
      }
      if (typeof source.additionalProperties === "object") {
        return { type: "map", items: convertOpenApiSchema(source.additionalProperties) };
      }
      if (source.enum !== undefined) return { type: "string" };
      return { type: "object" };
    }
    default:
      return { type: "string" };
  }
}

function buildComponentSchema(componentName: string): FieldSchema {
  const cached = builtSchemas.get(componentName);
  if (cached !== undefined) return cached;
  const source = readOpenApiComponents()[componentName];
  if (source === undefined) throw new Error(`OpenAPI extract has no component schema "${componentName}"`);
  // Registered before converting the properties so self-references end in the same object.
  const schema: FieldSchema = { type: "object", properties: {} };
  builtSchemas.set(componentName, schema);
  const converted = convertOpenApiSchema({ ...source, $ref: undefined });
  Object.assign(schema, converted);
  resourceNames.set(schema, componentName.charAt(0).toLowerCase() + componentName.slice(1));
  return schema;
}

const resourceSchemas = new Map<string, FieldSchema>();

// Top-level resource schema from the OpenAPI extract (e.g. "Company", "Agreement", "Addition",
// "CatalogItem"), with `_info` always present as a map of strings. Results are cached.
export function schemaFromOpenApi(componentName: string): FieldSchema {
  const realName = findComponentName(componentName);
  if (realName === undefined) throw new Error(`OpenAPI extract has no component schema "${componentName}"`);
  const cached = resourceSchemas.get(realName);
  if (cached !== undefined) return cached;
  const component = buildComponentSchema(realName);
  // A shallow copy so that adding `_info` never alters a schema that other components reference.
  const schema: FieldSchema = {
    ...component,
    properties: { ...component.properties, _info: component.properties?._info ?? INFO_SCHEMA },
  };
  resourceNames.set(schema, readResourceName(component) ?? realName);
  resourceSchemas.set(realName, schema);
  return schema;
}

// ---------------------------------------------------------------------------------------------
// Path resolution (shared by conditions, orderBy and fields).

export interface PathSegment {
  // Real (schema) key, or the key as written for map entries.
  key: string;
  // Map entries (e.g. `_info/lastUpdated`) are looked up case-insensitively in the record at run time.
  isMapKey: boolean;
  // True when the value found at this segment is an array whose members continue the path.
  isArray: boolean;
}

export interface ResolvedPath {
  segments: PathSegment[];
  // The schema of the value at the end of the path, arrays already unwrapped.
  leaf: FieldSchema;
  // Real-cased path for messages, e.g. "company/id".
  displayPath: string;
  crossesArray: boolean;
}

const lowerCaseKeyIndexes = new WeakMap<Record<string, FieldSchema>, Map<string, string>>();

function findRealKey(properties: Record<string, FieldSchema>, name: string): string | undefined {
  if (Object.hasOwn(properties, name)) return name;
  let index = lowerCaseKeyIndexes.get(properties);
  if (index === undefined) {
    index = new Map();
    for (const key of Object.keys(properties)) index.set(key.toLowerCase(), key);
    lowerCaseKeyIndexes.set(properties, index);
  }
  return index.get(name.toLowerCase());
}

export function isFreeFormObject(schema: FieldSchema): boolean {
  return schema.type === "object" && schema.properties === undefined;
}

export function isScalarSchema(schema: FieldSchema): boolean {
  return (
    schema.type === "string" ||
    schema.type === "number" ||
    schema.type === "integer" ||
    schema.type === "boolean" ||
    schema.type === "datetime" ||
    isFreeFormObject(schema)
  );
}

export function resolveFieldPath(
  path: string,
  schema: FieldSchema,
  context: { parameter: QueryParameterName; position?: number },
): ResolvedPath {
  const names = path.split("/");
  const segments: PathSegment[] = [];
  const realNames: string[] = [];
  let current = schema;
  let crossesArray = false;
  const fail = (detail: string): never => {
    throw new QueryError(detail, {
      parameter: context.parameter,
      code: "UnknownField",
      position: context.position,
      resource: readResourceName(schema),
    });
  };
  for (const name of names) {
    if (name === "") fail(`empty field name in "${path}"`);
    let key: string;
    let isMapKey = false;
    let next: FieldSchema;
    if (current.type === "map") {
      key = name;
      isMapKey = true;
      next = current.items ?? { type: "string" };
    } else if (current.type === "object" && current.properties !== undefined) {
      const realKey = findRealKey(current.properties, name);
      if (realKey === undefined) {
        const owner = realNames.length === 0 ? (readResourceName(schema) ?? "the resource") : realNames.join("/");
        fail(`unknown field "${path}" ("${name}" is not a field of ${owner})`);
      }
      key = realKey as string;
      next = current.properties[key];
    } else {
      fail(`unknown field "${path}" ("${realNames.join("/")}" has no sub-fields)`);
    }
    let isArray = false;
    while (next!.type === "array") {
      isArray = true;
      crossesArray = true;
      next = next!.items ?? { type: "object" };
    }
    segments.push({ key: key!, isMapKey, isArray });
    realNames.push(key!);
    current = next!;
  }
  return { segments, leaf: current, displayPath: realNames.join("/"), crossesArray };
}

// Reads one segment of a record, honouring case-insensitive map keys.
export function readSegment(container: unknown, segment: PathSegment): unknown {
  if (container === null || typeof container !== "object") return undefined;
  const record = container as Record<string, unknown>;
  const direct = record[segment.key];
  if (direct !== undefined || !segment.isMapKey) return direct;
  const lowered = segment.key.toLowerCase();
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === lowered) return record[key];
  }
  return undefined;
}
