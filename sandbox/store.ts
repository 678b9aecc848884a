// The sandbox's in-memory ConnectWise database. Records are kept in "stored form": the API's own
// field names, with references to modelled tables reduced to `{id}` (names are filled in when a
// record is presented, so a renamed company shows its new name everywhere, as in ConnectWise).

export const TABLE_NAMES = [
  "companies",
  "companyStatuses",
  "companyTypes",
  "contacts",
  "sites",
  "countries",
  "members",
  "agreements",
  "agreementTypes",
  "additions",
  "adjustments",
  "billingCycles",
  "billingTerms",
  "taxCodes",
  "currencies",
  "locations",
  "departments",
  "catalog",
  "categories",
  "subcategories",
  "productTypes",
  "unitOfMeasures",
  "manufacturers",
] as const;

export type TableName = (typeof TABLE_NAMES)[number];

export interface StoredRecord {
  id: number;
  _info?: Record<string, string>;
  [field: string]: unknown;
}

// Child tables indexed by their parent id (there is no cross-agreement additions endpoint, so every
// read of additions is "the additions of one agreement").
const PARENT_FIELDS: Partial<Record<TableName, string>> = { additions: "agreementId", adjustments: "agreementId" };

// Distinct id ranges per table make a product bug that mixes ids (a company id used as an agreement
// id) answer 404 instead of silently hitting another record.
const FIRST_IDS: Partial<Record<TableName, number>> = {
  companies: 250,
  agreements: 1200,
  additions: 30_001,
  adjustments: 70_001,
  catalog: 9001,
  contacts: 500,
  sites: 800,
};

class Table {
  readonly rows = new Map<number, StoredRecord>();
  readonly byParent = new Map<number, Map<number, StoredRecord>>();
  nextId: number;

  constructor(
    readonly name: TableName,
    readonly parentField: string | undefined,
  ) {
    this.nextId = FIRST_IDS[name] ?? 1;
  }

  put(record: StoredRecord): void {
    const previous = this.rows.get(record.id);
    if (previous && this.parentField) this.byParent.get(previous[this.parentField] as number)?.delete(record.id);
    this.rows.set(record.id, record);
    if (this.parentField) {
      const parentId = record[this.parentField] as number;
      let children = this.byParent.get(parentId);
      if (!children) this.byParent.set(parentId, (children = new Map()));
      children.set(record.id, record);
    }
    if (record.id >= this.nextId) this.nextId = record.id + 1;
  }

  delete(id: number): boolean {
    const previous = this.rows.get(id);
    if (!previous) return false;
    this.rows.delete(id);
    if (this.parentField) this.byParent.get(previous[this.parentField] as number)?.delete(id);
    return true;
  }
}

export class Store {
  private readonly tables = new Map<TableName, Table>();
  // Bumped on every write (globally and per table); lets readers cache presented records.
  version = 0;
  private readonly tableVersions = new Map<TableName, number>();

  constructor() {
    for (const name of TABLE_NAMES) this.tables.set(name, new Table(name, PARENT_FIELDS[name]));
  }

  private table(name: TableName): Table {
    return this.tables.get(name)!;
  }

  allocateId(name: TableName): number {
    return this.table(name).nextId++;
  }

  peekNextId(name: TableName): number {
    return this.table(name).nextId;
  }

  setNextId(name: TableName, nextId: number): void {
    this.table(name).nextId = nextId;
  }

  insert(name: TableName, fields: Omit<StoredRecord, "id"> & { id?: number }): StoredRecord {
    const record = { ...fields, id: fields.id ?? this.allocateId(name) } as StoredRecord;
    this.table(name).put(record);
    this.touch(name);
    return record;
  }

  private touch(name: TableName): void {
    this.version++;
    this.tableVersions.set(name, (this.tableVersions.get(name) ?? 0) + 1);
  }

  // A key that changes whenever any of these tables changes.
  describeVersions(names: readonly TableName[]): string {
    return names.map((name) => this.tableVersions.get(name) ?? 0).join(".");
  }

  // Replaces the whole stored record (records are never mutated in place, so a reader holding the old
  // object keeps a consistent snapshot).
  save(name: TableName, record: StoredRecord): StoredRecord {
    this.table(name).put(record);
    this.touch(name);
    return record;
  }

  delete(name: TableName, id: number): boolean {
    const deleted = this.table(name).delete(id);
    if (deleted) this.touch(name);
    return deleted;
  }

  get(name: TableName, id: number): StoredRecord | undefined {
    return this.table(name).rows.get(id);
  }

  // Records in id order (ids only grow, and Maps keep insertion order, except after a re-insert of an
  // explicit lower id, which only scenarios do before any read).
  list(name: TableName): StoredRecord[] {
    return [...this.table(name).rows.values()];
  }

  listChildren(name: TableName, parentId: number): StoredRecord[] {
    const children = this.table(name).byParent.get(parentId);
    return children ? [...children.values()].sort((left, right) => left.id - right.id) : [];
  }

  count(name: TableName): number {
    return this.table(name).rows.size;
  }
}

export function readReferenceId(value: unknown): number | undefined {
  if (value && typeof value === "object" && typeof (value as { id?: unknown }).id === "number") {
    return (value as { id: number }).id;
  }
  return undefined;
}

export interface StoreSnapshot {
  records: Map<TableName, StoredRecord[]>;
  nextIds: Map<TableName, number>;
}

// Stored records are never mutated in place (writes replace them), so a snapshot can share them.
export function takeSnapshot(store: Store): StoreSnapshot {
  const records = new Map<TableName, StoredRecord[]>();
  const nextIds = new Map<TableName, number>();
  for (const name of TABLE_NAMES) {
    records.set(name, store.list(name));
    nextIds.set(name, store.peekNextId(name));
  }
  return { records, nextIds };
}

export function restoreSnapshot(snapshot: StoreSnapshot): Store {
  const store = new Store();
  for (const [name, records] of snapshot.records) {
    for (const record of records) store.save(name, record);
    store.setNextId(name, snapshot.nextIds.get(name)!);
  }
  return store;
}
