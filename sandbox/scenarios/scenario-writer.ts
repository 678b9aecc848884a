// Scenario data goes through the same write pipeline as API requests (so defaults and computed fields
// are exactly what a POST would produce), only with a chosen author and date.
import { RESOURCES } from "../resources";
import type { Store, StoredRecord, TableName } from "../store";
import { createRecord, deleteRecord, type WriteContext } from "../writes";

export interface Authorship {
  at: Date;
  by: string;
}

export class ScenarioWriter {
  constructor(
    readonly store: Store,
    private readonly bulk: boolean,
  ) {}

  private context(authorship: Authorship): WriteContext {
    return { store: this.store, now: authorship.at, memberName: authorship.by, skipChecks: this.bulk };
  }

  create(resourceName: string, body: Record<string, unknown>, authorship: Authorship, parentId?: number): StoredRecord {
    const resource = RESOURCES.find((candidate) => candidate.name === resourceName);
    if (!resource) throw new Error(`Unknown resource ${resourceName}`);
    const outcome = createRecord(resource, parentId, body, this.context(authorship));
    if (!outcome.ok) throw new Error(`Scenario data refused for ${resourceName}: ${JSON.stringify(outcome.body)}`);
    return outcome.record;
  }

  softDeleteCompany(id: number, authorship: Authorship): void {
    const resource = RESOURCES.find((candidate) => candidate.name === "companies")!;
    const outcome = deleteRecord(resource, undefined, id, this.context(authorship));
    if (!outcome.ok) throw new Error(`Could not delete company ${id}`);
  }

  // Tables the API does not serve (contacts, sites, countries, ...) are inserted as they are.
  insertLookup(table: TableName, fields: Record<string, unknown>): StoredRecord {
    return this.store.insert(table, fields);
  }

  // Links filled in after the fact (a company's default contact exists only after the company).
  amend(table: TableName, id: number, changes: Record<string, unknown>): void {
    const record = this.store.get(table, id)!;
    this.store.save(table, { ...record, ...changes });
  }
}
