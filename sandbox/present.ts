// Turns stored records into what ConnectWise sends: schema field order, references expanded to
// `{id, name|identifier, _info:{..._href}}`, null and unset fields left out, derived fields added.
import { readBehaviour } from "./behaviours";
import { OMIT_NULL_PROPERTIES } from "./choices";
import { presentReference, readReferenceTarget } from "./references";
import type { ResourceDefinition } from "./resources";
import { readComponent } from "./spec";
import type { Store, StoredRecord, TableName } from "./store";
import { listReferenceProperties } from "./validation";

export interface PresentContext {
  store: Store;
  apiBase: string; // e.g. "http://127.0.0.1:4010/v4_6_release/apis/3.0"
  now: Date;
}

interface PresentationPlan {
  fields: Array<{ field: string; referenceSchema?: string; isArray: boolean }>;
  // Tables whose changes can change a presented record of this schema.
  dependencies: TableName[];
}

const plans = new Map<string, PresentationPlan>();

function readPlan(resource: ResourceDefinition): PresentationPlan {
  const key = `${resource.schema}|${resource.table}`;
  let plan = plans.get(key);
  if (!plan) {
    const references = new Map(listReferenceProperties(resource.schema).map(({ field, ...rest }) => [field, rest]));
    const dependencies = new Set<TableName>([resource.table, "agreementTypes"]);
    if (resource.parent) dependencies.add(resource.parent.table);
    for (const { referenceSchema } of references.values()) {
      const target = readReferenceTarget(referenceSchema);
      if (target) dependencies.add(target.table);
    }
    plan = {
      fields: Object.keys(readComponent(resource.schema).properties).map((field) => ({
        field,
        referenceSchema: references.get(field)?.referenceSchema,
        isArray: references.get(field)?.isArray ?? false,
      })),
      dependencies: [...dependencies],
    };
    plans.set(key, plan);
  }
  return plan;
}

// Presented records are cached per stored object until a table they depend on changes (a renamed
// company changes every reference to it; a new addition does not change any agreement).
const cache = new WeakMap<StoredRecord, { key: string; presented: Record<string, unknown> }>();

export function createPresenter(
  resource: ResourceDefinition,
  context: PresentContext,
): (stored: StoredRecord) => Record<string, unknown> {
  const plan = readPlan(resource);
  const key = `${context.store.describeVersions(plan.dependencies)}|${context.apiBase}|${resource.schema}|${context.now.toISOString().slice(0, 10)}`;
  return (stored) => {
    const cached = cache.get(stored);
    if (cached && cached.key === key) return cached.presented;
    const presented = buildPresentation(resource, plan, stored, context);
    cache.set(stored, { key, presented });
    return presented;
  };
}

export function presentRecord(
  resource: ResourceDefinition,
  stored: StoredRecord,
  context: PresentContext,
): Record<string, unknown> {
  return createPresenter(resource, context)(stored);
}

function buildPresentation(
  resource: ResourceDefinition,
  plan: PresentationPlan,
  stored: StoredRecord,
  context: PresentContext,
): Record<string, unknown> {
  const presented: Record<string, unknown> = {};
  for (const { field, referenceSchema, isArray } of plan.fields) {
    const value = stored[field];
    if (value === undefined || (value === null && OMIT_NULL_PROPERTIES)) continue;
    if (referenceSchema && isArray && Array.isArray(value)) {
      presented[field] = value.map((item) => presentReference(context.store, referenceSchema, item, context.apiBase));
    } else if (referenceSchema) {
      const expanded = presentReference(context.store, referenceSchema, value, context.apiBase);
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
