// The write pipeline shared by the HTTP API and the operator's state helpers:
// normalize (spec) -> resolve references -> required fields -> defaults -> rules -> computed -> save.
import { readBehaviour, type WriteState } from "./behaviours";
import { describeReferenceNotFound, VALIDATION_CODES } from "./choices";
import { formatDateTime } from "./datetime";
import { failInUse, failInvalidObject, failNotFound, type Failure } from "./errors";
import { readPatchChanges } from "./patch";
import { readReferenceTarget, resolveReference } from "./references";
import { RESOURCES, type ResourceDefinition } from "./resources";
import { readComponent } from "./spec";
import { readReferenceId, type Store, type StoredRecord, type TableName } from "./store";
import {
  findMissingRequired,
  isPlainObject,
  isReadOnlyField,
  listReferenceProperties,
  normalizeWriteBody,
  type ValidationIssue,
} from "./validation";

export interface WriteContext {
  store: Store;
  now: Date;
  memberName: string; // written to _info.enteredBy / updatedBy
  // Scenario builders write known-good data in bulk: skip the uniqueness and business-rule scans.
  skipChecks?: boolean;
}

export type WriteOutcome = { ok: true; record: StoredRecord } | Failure;

function readParent(resource: ResourceDefinition, store: Store, parentId: number | undefined): Failure | undefined {
  if (!resource.parent) return undefined;
  if (parentId === undefined || !store.get(resource.parent.table, parentId)) {
    return failNotFound(resource.parent.label, parentId ?? "");
  }
  return undefined;
}

export function findRecord(
  resource: ResourceDefinition,
  store: Store,
  parentId: number | undefined,
  id: number,
): StoredRecord | undefined {
  const record = store.get(resource.table, id);
  if (!record) return undefined;
  if (resource.parent && parentId !== undefined && !resource.parent.matches(record, parentId)) return undefined;
  return record;
}

function resolveReferences(
  resource: ResourceDefinition,
  store: Store,
  values: Record<string, unknown>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const { field, referenceSchema, isArray } of listReferenceProperties(resource.schema)) {
    if (!(field in values)) continue;
    const value = values[field];
    const items = isArray && Array.isArray(value) ? value : [value];
    const resolved: unknown[] = [];
    for (const item of items) {
      const resolution = resolveReference(store, referenceSchema, item);
      if (resolution.kind === "missing") {
        issues.push({
          code: VALIDATION_CODES.referenceNotFound,
          message: describeReferenceNotFound(field),
          resource: resource.label,
          field,
        });
      } else if (resolution.kind === "found") resolved.push(resolution.stored);
    }
    values[field] = isArray ? resolved : (resolved[0] ?? null);
  }
  return issues;
}

const booleanFields = new Map<string, string[]>();

function applyBooleanDefaults(schema: string, values: Record<string, unknown>): void {
  let fields = booleanFields.get(schema);
  if (!fields) {
    fields = Object.entries(readComponent(schema).properties)
      .filter(([field, property]) => property.type === "boolean" && !isReadOnlyField(schema, field))
      .map(([field]) => field);
    booleanFields.set(schema, fields);
  }
  for (const field of fields) if (values[field] === undefined || values[field] === null) values[field] = false;
}

function dropNulls(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined));
}

interface PipelineInput {
  mode: WriteState["mode"];
  resource: ResourceDefinition;
  parentId: number | undefined;
  existing?: StoredRecord;
  sentValues: Record<string, unknown>; // normalized fields sent by the client
  baseValues: Record<string, unknown>; // what the record starts from (empty for POST/PUT, existing for PATCH)
  issues: ValidationIssue[];
}

function runPipeline(input: PipelineInput, context: WriteContext): WriteOutcome {
  const { resource, mode, existing } = input;
  const issues = [...input.issues];
  const sent = new Set(Object.keys(input.sentValues));
  const referenceIssues = resolveReferences(resource, context.store, input.sentValues);
  issues.push(...referenceIssues);
  const values: Record<string, unknown> = { ...input.baseValues, ...input.sentValues };
  if (resource.parent && input.parentId !== undefined) resource.parent.assign(values, input.parentId);
  // A field already reported (bad type, too long, unresolved reference) is not also "missing".
  const unresolved = new Set(issues.map((found) => found.field));
  const missing = findMissingRequired(resource.schema, values, resource.label, mode === "create" ? "create" : "update");
  issues.push(...missing.filter((found) => !unresolved.has(found.field)));
  const behaviour = readBehaviour(resource.table);
  const state: WriteState = { mode, resource, values, existing, sent, store: context.store, now: context.now };
  behaviour.applyDefaults?.(state);
  if (mode !== "patch") applyBooleanDefaults(resource.schema, values);
  if (issues.length === 0 && !context.skipChecks) issues.push(...(behaviour.check?.(state) ?? []));
  if (issues.length > 0) return failInvalidObject(resource.label, issues);
  behaviour.compute?.(state);
  const timestamp = formatDateTime(context.now);
  const info: Record<string, string> = {
    lastUpdated: timestamp,
    updatedBy: context.memberName,
    dateEntered: existing?._info?.dateEntered ?? timestamp,
    enteredBy: existing?._info?.enteredBy ?? context.memberName,
  };
  const record = { ...dropNulls(values), _info: info } as Omit<StoredRecord, "id">;
  if (existing) return { ok: true, record: context.store.save(resource.table, { ...record, id: existing.id }) };
  return { ok: true, record: context.store.insert(resource.table, record) };
}

function readBodyObject(resource: ResourceDefinition, body: unknown): Failure | undefined {
  return isPlainObject(body) ? undefined : failInvalidObject(resource.label, []);
}

export function createRecord(
  resource: ResourceDefinition,
  parentId: number | undefined,
  body: unknown,
  context: WriteContext,
): WriteOutcome {
  const parentFailure = readParent(resource, context.store, parentId);
  if (parentFailure) return parentFailure;
  const bodyFailure = readBodyObject(resource, body);
  if (bodyFailure) return bodyFailure;
  const { values, issues } = normalizeWriteBody(resource.schema, body as Record<string, unknown>, resource.label);
  return runPipeline({ mode: "create", resource, parentId, sentValues: values, baseValues: {}, issues }, context);
}

// Keeps fields that a schema variant does not carry (the legacy subcategory schema has no category).
function keepFieldsOutsideSchema(resource: ResourceDefinition, existing: StoredRecord): Record<string, unknown> {
  const properties = readComponent(resource.schema).properties;
  return Object.fromEntries(
    Object.entries(existing).filter(
      ([field]) => !Object.hasOwn(properties, field) && field !== "id" && field !== "_info",
    ),
  );
}

// Read-only fields survive a PUT: the client cannot reset what it cannot write.
function keepReadOnlyFields(resource: ResourceDefinition, existing: StoredRecord): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(existing).filter(
      ([field]) => field !== "id" && field !== "_info" && isReadOnlyField(resource.schema, field),
    ),
  );
}

export function replaceRecord(
  resource: ResourceDefinition,
  parentId: number | undefined,
  id: number,
  body: unknown,
  context: WriteContext,
): WriteOutcome {
  const parentFailure = readParent(resource, context.store, parentId);
  if (parentFailure) return parentFailure;
  const existing = findRecord(resource, context.store, parentId, id);
  if (!existing) return failNotFound(resource.entityLabel, id);
  const bodyFailure = readBodyObject(resource, body);
  if (bodyFailure) return bodyFailure;
  const { values, issues } = normalizeWriteBody(resource.schema, body as Record<string, unknown>, resource.label);
  const baseValues = { ...keepFieldsOutsideSchema(resource, existing), ...keepReadOnlyFields(resource, existing) };
  return runPipeline(
    { mode: "replace", resource, parentId, existing, sentValues: values, baseValues, issues },
    context,
  );
}

export function patchRecord(
  resource: ResourceDefinition,
  parentId: number | undefined,
  id: number,
  operations: unknown,
  context: WriteContext,
): WriteOutcome {
  const parentFailure = readParent(resource, context.store, parentId);
  if (parentFailure) return parentFailure;
  const existing = findRecord(resource, context.store, parentId, id);
  if (!existing) return failNotFound(resource.entityLabel, id);
  const outcome = readPatchChanges(resource.schema, operations);
  if (outcome.kind === "invalid") {
    return failInvalidObject(resource.label, [
      { code: VALIDATION_CODES.rule, message: outcome.message, resource: resource.label, field: outcome.field },
    ]);
  }
  if (Object.keys(outcome.changes).length === 0) return { ok: true, record: existing };
  const { values, issues } = normalizeWriteBody(resource.schema, outcome.changes, resource.label);
  const { _info: _unused, id: _id, ...baseValues } = existing;
  return runPipeline({ mode: "patch", resource, parentId, existing, sentValues: values, baseValues, issues }, context);
}

// Which (table, field) pairs point at records of `table`.
function listReferencesTo(table: TableName): Array<{ table: TableName; field: string; isArray: boolean }> {
  const seen = new Set<string>();
  const found: Array<{ table: TableName; field: string; isArray: boolean }> = [];
  for (const resource of RESOURCES) {
    for (const { field, referenceSchema, isArray } of listReferenceProperties(resource.schema)) {
      const key = `${resource.table}.${field}`;
      if (seen.has(key) || readReferenceTarget(referenceSchema)?.table !== table) continue;
      seen.add(key);
      found.push({ table: resource.table, field, isArray });
    }
  }
  return found;
}

export function isReferenced(store: Store, table: TableName, id: number): boolean {
  return listReferencesTo(table).some(({ table: referencing, field, isArray }) =>
    store.list(referencing).some((record) => {
      const value = record[field];
      return isArray && Array.isArray(value)
        ? value.some((item) => readReferenceId(item) === id)
        : readReferenceId(value) === id;
    }),
  );
}

export function deleteRecord(
  resource: ResourceDefinition,
  parentId: number | undefined,
  id: number,
  context: WriteContext,
): WriteOutcome {
  const parentFailure = readParent(resource, context.store, parentId);
  if (parentFailure) return parentFailure;
  const existing = findRecord(resource, context.store, parentId, id);
  if (!existing) return failNotFound(resource.entityLabel, id);
  const { store } = context;
  switch (readBehaviour(resource.table).deletion) {
    case "soft": {
      const timestamp = formatDateTime(context.now);
      const record = store.save(resource.table, {
        ...existing,
        deletedFlag: true,
        dateDeleted: timestamp,
        deletedBy: context.memberName,
        _info: { ...existing._info, lastUpdated: timestamp, updatedBy: context.memberName },
      });
      return { ok: true, record };
    }
    case "cascade":
      for (const child of store.listChildren("additions", id)) store.delete("additions", child.id);
      for (const child of store.listChildren("adjustments", id)) store.delete("adjustments", child.id);
      break;
    case "restrict":
      if (isReferenced(store, resource.table, id)) return failInUse(resource.entityLabel, id);
      break;
    case "free":
      break;
  }
  store.delete(resource.table, id);
  return { ok: true, record: existing };
}
