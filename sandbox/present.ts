// Turns stored records into what ConnectWise sends: schema field order, references expanded to
// `{id, name|identifier, _info:{..._href}}`, null and unset fields left out, derived fields added.
import { readBehaviour } from "./behaviours";
import { OMIT_NULL_PROPERTIES } from "./choices";
import { presentReference } from "./references";
import type { ResourceDefinition } from "./resources";
import { readComponent } from "./spec";
import type { Store, StoredRecord } from "./store";
import { listReferenceProperties } from "./validation";

export interface PresentContext {
  store: Store;
  apiBase: string; // e.g. "http://127.0.0.1:4010/v4_6_release/apis/3.0"
  now: Date;
}

const referenceFieldsBySchema = new Map<string, Map<string, { referenceSchema: string; isArray: boolean }>>();

function readReferenceFields(schema: string): Map<string, { referenceSchema: string; isArray: boolean }> {
  let fields = referenceFieldsBySchema.get(schema);
  if (!fields) {
    fields = new Map(listReferenceProperties(schema).map(({ field, ...rest }) => [field, rest]));
    referenceFieldsBySchema.set(schema, fields);
  }
  return fields;
}

// Presented records are cached per stored object until the next write anywhere (a rename of a company
// changes every reference to it).
const cache = new WeakMap<StoredRecord, { key: string; presented: Record<string, unknown> }>();

export function presentRecord(resource: ResourceDefinition, stored: StoredRecord, context: PresentContext): Record<string, unknown> {
  const key = `${context.store.version}|${context.apiBase}|${resource.schema}`;
  const cached = cache.get(stored);
  if (cached && cached.key === key) return cached.presented;
  const presented = buildPresentation(resource, stored, context);
  cache.set(stored, { key, presented });
  return presented;
}

function buildPresentation(resource: ResourceDefinition, stored: StoredRecord, context: PresentContext): Record<string, unknown> {
  const references = readReferenceFields(resource.schema);
  const presented: Record<string, unknown> = {};
  for (const field of Object.keys(readComponent(resource.schema).properties)) {
    const value = stored[field];
    if (value === undefined || (value === null && OMIT_NULL_PROPERTIES)) continue;
    const reference = references.get(field);
    if (reference && reference.isArray && Array.isArray(value)) {
      presented[field] = value.map((item) => presentReference(context.store, reference.referenceSchema, item, context.apiBase));
    } else if (reference) {
      const expanded = presentReference(context.store, reference.referenceSchema, value, context.apiBase);
      if (expanded !== undefined) presented[field] = expanded;
    } else if (field === "_info" && value && typeof value === "object") {
      presented[field] = { ...(value as Record<string, string>) };
    } else {
      presented[field] = value;
    }
  }
  readBehaviour(resource.table).present?.(presented, stored, context.store, context.now);
  return presented;
}
