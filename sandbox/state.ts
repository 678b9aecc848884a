// Direct state inspection and "by hand" edits for tests: what someone at the MSP might do in the
// ConnectWise UI behind the product's back. Edits go through the same validation as the API.
import { CODEBASE } from "./choices";
import { presentRecord } from "./present";
import { RESOURCES, type ResourceDefinition } from "./resources";
import type { SandboxRuntime } from "./runtime";
import { readReferenceId, type StoredRecord } from "./store";
import { createRecord, deleteRecord, patchRecord, type WriteContext, type WriteOutcome } from "./writes";

export type PresentedRecord = Record<string, unknown> & { id: number };

// The ConnectWise member who makes the hand edits.
export const HAND_EDITOR = "jsmith";

export interface SandboxState {
  companies(): PresentedRecord[];
  company(id: number): PresentedRecord | undefined;
  agreements(companyId?: number): PresentedRecord[];
  agreement(id: number): PresentedRecord | undefined;
  additions(agreementId: number): PresentedRecord[];
  addition(agreementId: number, additionId: number): PresentedRecord | undefined;
  catalogItems(): PresentedRecord[];
  catalogItem(id: number): PresentedRecord | undefined;
  // Every record of a resource, by its name in resources.ts (e.g. "unitOfMeasures", "subcategories").
  records(resourceName: string): PresentedRecord[];
  setAdditionQuantity(agreementId: number, additionId: number, quantity: number): PresentedRecord;
  updateAddition(agreementId: number, additionId: number, changes: Record<string, unknown>): PresentedRecord;
  addAddition(agreementId: number, addition: Record<string, unknown>): PresentedRecord;
  deleteAddition(agreementId: number, additionId: number): void;
  addAgreement(agreement: Record<string, unknown>): PresentedRecord;
  cancelAgreement(id: number): PresentedRecord;
  deleteAgreement(id: number): void;
  addCompany(company: Record<string, unknown>): PresentedRecord;
  deleteCompany(id: number): void;
  addCatalogItem(item: Record<string, unknown>): PresentedRecord;
  updateCatalogItem(id: number, changes: Record<string, unknown>): PresentedRecord;
}

export class StateError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Sandbox state change refused (${status}): ${JSON.stringify(body)}`);
  }
}

function findResource(name: string): ResourceDefinition {
  const resource = RESOURCES.find((candidate) => candidate.name === name);
  if (!resource)
    throw new StateError(404, {
      message: `No resource named ${name}. Known: ${RESOURCES.map((r) => r.name).join(", ")}`,
    });
  return resource;
}

export function createState(runtime: SandboxRuntime): SandboxState {
  const present = (resource: ResourceDefinition, record: StoredRecord): PresentedRecord =>
    structuredClone(
      presentRecord(resource, record, {
        store: runtime.store,
        apiBase: `${runtime.origin}/${CODEBASE}apis/3.0`,
        now: runtime.now(),
      }),
    ) as PresentedRecord;
  const presentAll = (name: string, records: StoredRecord[]) =>
    records.map((record) => present(findResource(name), record));
  const presentOne = (name: string, record: StoredRecord | undefined) =>
    record ? present(findResource(name), record) : undefined;
  const context = (): WriteContext => ({ store: runtime.store, now: runtime.now(), memberName: HAND_EDITOR });
  const requireSuccess = (name: string, outcome: WriteOutcome): PresentedRecord => {
    if (!outcome.ok) throw new StateError(outcome.status, outcome.body);
    return present(findResource(name), outcome.record);
  };
  const patch = (name: string, parentId: number | undefined, id: number, changes: Record<string, unknown>) =>
    requireSuccess(
      name,
      patchRecord(
        findResource(name),
        parentId,
        id,
        Object.entries(changes).map(([path, value]) => ({ op: "replace", path, value })),
        context(),
      ),
    );
  return {
    companies: () => presentAll("companies", runtime.store.list("companies")),
    company: (id) => presentOne("companies", runtime.store.get("companies", id)),
    agreements: (companyId) =>
      presentAll(
        "agreements",
        runtime.store
          .list("agreements")
          .filter((agreement) => companyId === undefined || readReferenceId(agreement.company) === companyId),
      ),
    agreement: (id) => presentOne("agreements", runtime.store.get("agreements", id)),
    additions: (agreementId) => presentAll("additions", runtime.store.listChildren("additions", agreementId)),
    addition: (agreementId, additionId) => {
      const record = runtime.store.get("additions", additionId);
      return record && record.agreementId === agreementId ? presentOne("additions", record) : undefined;
    },
    catalogItems: () => presentAll("catalog", runtime.store.list("catalog")),
    catalogItem: (id) => presentOne("catalog", runtime.store.get("catalog", id)),
    records: (name) => presentAll(name, runtime.store.list(findResource(name).table)),
    setAdditionQuantity: (agreementId, additionId, quantity) =>
      patch("additions", agreementId, additionId, { quantity }),
    updateAddition: (agreementId, additionId, changes) => patch("additions", agreementId, additionId, changes),
    addAddition: (agreementId, addition) =>
      requireSuccess(
        "additions",
        createRecord(findResource("additions"), agreementId, { billCustomer: "Billable", ...addition }, context()),
      ),
    deleteAddition: (agreementId, additionId) => {
      requireSuccess("additions", deleteRecord(findResource("additions"), agreementId, additionId, context()));
    },
    addAgreement: (agreement) =>
      requireSuccess("agreements", createRecord(findResource("agreements"), undefined, agreement, context())),
    cancelAgreement: (id) => patch("agreements", undefined, id, { cancelledFlag: true }),
    deleteAgreement: (id) => {
      requireSuccess("agreements", deleteRecord(findResource("agreements"), undefined, id, context()));
    },
    addCompany: (company) =>
      requireSuccess("companies", createRecord(findResource("companies"), undefined, company, context())),
    deleteCompany: (id) => {
      requireSuccess("companies", deleteRecord(findResource("companies"), undefined, id, context()));
    },
    addCatalogItem: (item) =>
      requireSuccess("catalog", createRecord(findResource("catalog"), undefined, item, context())),
    updateCatalogItem: (id, changes) => patch("catalog", undefined, id, changes),
  };
}
