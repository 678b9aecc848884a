import { resolveFieldPath, type FieldSchema, type PathSegment } from "./field-schema";
import { QueryError } from "./query-error";

// A tree of requested paths; `undefined` children means "the whole value".
interface ProjectionNode {
  segment: PathSegment;
  children: Map<string, ProjectionNode> | undefined;
}

type Projection = (record: unknown) => unknown;

const PROJECTION_CACHE_LIMIT = 128;
const projectionCache = new WeakMap<FieldSchema, Map<string, Projection>>();

function copyValue(value: unknown): unknown {
  return value !== null && typeof value === "object" ? structuredClone(value) : value;
}

// Finds the key actually present in the record (map entries such as `_info/LASTUPDATED` match
// case-insensitively).
function findRecordKey(record: Record<string, unknown>, segment: PathSegment): string | undefined {
  if (Object.hasOwn(record, segment.key)) return segment.key;
  if (!segment.isMapKey) return undefined;
  const lowered = segment.key.toLowerCase();
  return Object.keys(record).find((key) => key.toLowerCase() === lowered);
}

function projectValue(value: unknown, children: Map<string, ProjectionNode>): unknown {
  if (Array.isArray(value)) return value.map((member) => projectValue(member, children));
  if (value === null || typeof value !== "object") return value;
  const source = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const node of children.values()) {
    const key = findRecordKey(source, node.segment);
    if (key === undefined) continue;
    const field = source[key];
    result[key] = node.children === undefined ? copyValue(field) : projectValue(field, node.children);
  }
  return result;
}

function buildProjectionTree(fields: string, schema: FieldSchema): Map<string, ProjectionNode> {
  const root = new Map<string, ProjectionNode>();
  for (const rawPath of fields.split(",")) {
    const path = rawPath.trim();
    if (path === "") continue;
    let resolved;
    try {
      resolved = resolveFieldPath(path, schema, { parameter: "fields" });
    } catch (error) {
      // Unknown fields are ignored rather than rejected (UNCONFIRMED; see README.md).
      if (error instanceof QueryError) continue;
      throw error;
    }
    let level = root;
    for (const [index, segment] of resolved.segments.entries()) {
      const isLast = index === resolved.segments.length - 1;
      const key = segment.isMapKey ? segment.key.toLowerCase() : segment.key;
      let node = level.get(key);
      if (node === undefined) {
        node = { segment, children: isLast ? undefined : new Map() };
        level.set(key, node);
      } else if (isLast) {
        node.children = undefined; // the whole value wins over some of its parts
      }
      if (node.children === undefined) break; // already taking the whole value
      level = node.children;
    }
  }
  return root;
}

// Compiles `fields` ("id,name,status/id") into a function returning a projected copy of a record;
// nested paths keep their structure ({id, name, status: {id}}), array members are projected one
// by one, keys the record lacks are omitted. An empty `fields` returns the record itself.
export function compileFieldProjection(fields: string, schema: FieldSchema): Projection {
  fields = fields ?? "";
  let cache = projectionCache.get(schema);
  const cached = cache?.get(fields);
  if (cached !== undefined) return cached;
  let projection: Projection;
  if (fields.trim() === "") {
    projection = (record) => record;
  } else {
    const tree = buildProjectionTree(fields, schema);
    projection = (record) => projectValue(record, tree);
  }
  if (cache === undefined) {
    cache = new Map();
    projectionCache.set(schema, cache);
  }
  if (cache.size >= PROJECTION_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(fields, projection);
  return projection;
}

export function projectFields(record: unknown, fields: string, schema: FieldSchema): unknown {
  return compileFieldProjection(fields, schema)(record);
}
