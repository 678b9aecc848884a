// What ConnectWise does beyond the schema for particular resources: defaults, uniqueness, business
// rules, computed fields and how deletes behave. Everything generic (types, lengths, enums, required,
// references) is in validation.ts and writes.ts and comes from the spec.
import { computeAdditionAmounts } from "./addition-amounts";
import { deriveAgreementStatus } from "./agreement-status";
import {
  ADDITION_BUNDLE_MESSAGE,
  ADDITION_DEFAULT_QUANTITY,
  ADDITION_REDEFAULTS_ON_PRODUCT_CHANGE,
  AGREEMENT_DELETE_CASCADES,
  CATALOG_DEFAULT_PRODUCT_CLASS,
  CATALOG_DERIVES_CATEGORY,
  CATALOG_REFUSES_CATEGORY_MISMATCH,
  COMPANY_ADDRESS_FIELDS,
  COMPANY_DELETE_IS_SOFT,
  COMPANY_REQUIRES_ADDRESS_FIELD,
  COMPANY_TYPES_ONLY_ON_CREATE,
  describeDuplicate,
  DUPLICATE_COMPANY_IDENTIFIER_MESSAGE,
  IDENTIFIERS_CASE_INSENSITIVE,
  SETUP_TABLE_NAMES_UNIQUE,
  VALIDATION_CODES,
} from "./choices";
import { formatDateTime, startOfDay } from "./datetime";
import type { ResourceDefinition } from "./resources";
import { readReferenceId, type Store, type StoredRecord, type TableName } from "./store";
import type { ValidationIssue } from "./validation";

export interface WriteState {
  mode: "create" | "replace" | "patch";
  resource: ResourceDefinition;
  values: Record<string, unknown>; // stored form: references already resolved to {id}
  existing?: StoredRecord;
  sent: Set<string>; // fields the client sent in this request
  store: Store;
  now: Date;
}

export interface Behaviour {
  applyDefaults?(state: WriteState): void;
  check?(state: WriteState): ValidationIssue[];
  compute?(state: WriteState): void;
  present?(presented: Record<string, unknown>, stored: StoredRecord, store: Store, now: Date): void;
  // "soft": DELETE marks the record deleted; "cascade": children go too; "restrict": 409 while referenced.
  deletion: "soft" | "cascade" | "restrict" | "free";
}

function isSameText(left: unknown, right: unknown): boolean {
  if (typeof left !== "string" || typeof right !== "string") return false;
  return IDENTIFIERS_CASE_INSENSITIVE ? left.toLowerCase() === right.toLowerCase() : left === right;
}

function findDuplicate(
  store: Store,
  table: TableName,
  field: string,
  value: unknown,
  ownId: number | undefined,
  scope?: (record: StoredRecord) => boolean,
): StoredRecord | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  return store
    .list(table)
    .find((record) => record.id !== ownId && isSameText(record[field], value) && (scope?.(record) ?? true));
}

function createIssue(state: WriteState, field: string, code: string, message: string): ValidationIssue {
  return { code, message, resource: state.resource.label, field };
}

function checkUniqueName(state: WriteState): ValidationIssue[] {
  if (!SETUP_TABLE_NAMES_UNIQUE) return [];
  const duplicate = findDuplicate(state.store, state.resource.table, "name", state.values.name, state.existing?.id);
  return duplicate
    ? [createIssue(state, "name", VALIDATION_CODES.duplicate, describeDuplicate("name", String(state.values.name)))]
    : [];
}

function findDefault(store: Store, table: TableName): StoredRecord | undefined {
  return store.list(table).find((record) => record.defaultFlag === true && record.inactiveFlag !== true);
}

const setupTable: Behaviour = { check: checkUniqueName, deletion: "restrict" };

const company: Behaviour = {
  applyDefaults(state) {
    const { values, store } = state;
    if (state.mode === "create") {
      values.status ??= findDefault(store, "companyStatuses")
        ? { id: findDefault(store, "companyStatuses")!.id }
        : undefined;
      if (values.types === undefined || values.types === null) {
        const defaultType = findDefault(store, "companyTypes");
        values.types = defaultType ? [{ id: defaultType.id }] : [];
      }
    } else if (COMPANY_TYPES_ONLY_ON_CREATE) {
      values.types = state.existing?.types;
    }
    if (state.mode !== "create" && state.existing) {
      for (const field of ["dateDeleted", "deletedBy", "mobileGuid"]) values[field] = state.existing[field];
    }
    values.mobileGuid ??= crypto.randomUUID();
  },
  check(state) {
    const issues: ValidationIssue[] = [];
    const duplicate = findDuplicate(
      state.store,
      "companies",
      "identifier",
      state.values.identifier,
      state.existing?.id,
    );
    if (duplicate)
      issues.push(createIssue(state, "identifier", VALIDATION_CODES.duplicate, DUPLICATE_COMPANY_IDENTIFIER_MESSAGE));
    if (
      COMPANY_REQUIRES_ADDRESS_FIELD &&
      COMPANY_ADDRESS_FIELDS.every(
        (field) => state.values[field] === undefined || state.values[field] === null || state.values[field] === "",
      )
    ) {
      issues.push(
        createIssue(state, "addressLine1", VALIDATION_CODES.required, "At least one address field is required."),
      );
    }
    return issues;
  },
  deletion: COMPANY_DELETE_IS_SOFT ? "soft" : "restrict",
};

const AGREEMENT_TYPE_DEFAULTS: ReadonlyArray<[agreementField: string, typeField: string]> = [
  ["employeeCompRate", "employeeCompRate"],
  ["employeeCompNotExceed", "employeeCompNotExceed"],
  ["invoicingCycle", "invoicingCycle"],
  ["billTime", "billTime"],
  ["billExpenses", "billExpenses"],
  ["billProducts", "billProducts"],
  ["billingCycle", "billingCycle"],
  ["applicationUnits", "applicationUnits"],
  ["applicationCycle", "applicationCycle"],
  ["prorateFlag", "prorateFlag"],
  ["taxable", "taxableFlag"],
  ["coverAgreementTime", "coverAgreementTimeFlag"],
  ["coverAgreementProduct", "coverAgreementProductFlag"],
];

const agreement: Behaviour = {
  applyDefaults(state) {
    const { values, store } = state;
    if (state.mode === "create") {
      const typeId = readReferenceId(values.type);
      const agreementType = typeId === undefined ? undefined : store.get("agreementTypes", typeId);
      if (agreementType) {
        for (const [agreementField, typeField] of AGREEMENT_TYPE_DEFAULTS) {
          if (values[agreementField] === undefined || values[agreementField] === null) {
            if (agreementType[typeField] !== undefined) values[agreementField] = agreementType[typeField];
          }
        }
      }
      values.startDate ??= formatDateTime(startOfDay(state.now));
      values.noEndingDateFlag ??= values.endDate === undefined || values.endDate === null;
    }
    if (values.cancelledFlag === true && (values.dateCancelled === undefined || values.dateCancelled === null)) {
      values.dateCancelled = formatDateTime(state.now);
    }
  },
  present(presented, stored, _store, now) {
    presented.agreementStatus = deriveAgreementStatus(stored, now);
  },
  deletion: AGREEMENT_DELETE_CASCADES ? "cascade" : "restrict",
};

const PRODUCT_DEFAULTS: ReadonlyArray<[additionField: string, catalogField: string]> = [
  ["unitPrice", "price"],
  ["unitCost", "cost"],
  ["description", "description"],
  ["taxableFlag", "taxableFlag"],
];

function readProduct(state: WriteState): StoredRecord | undefined {
  const productId = readReferenceId(state.values.product);
  return productId === undefined ? undefined : state.store.get("catalog", productId);
}

const addition: Behaviour = {
  applyDefaults(state) {
    const { values } = state;
    const product = readProduct(state);
    const productChanged =
      state.mode === "patch" &&
      state.sent.has("product") &&
      readReferenceId(state.existing?.product) !== readReferenceId(values.product);
    if (product) {
      for (const [additionField, catalogField] of PRODUCT_DEFAULTS) {
        const omitted = values[additionField] === undefined || values[additionField] === null;
        const redefault = ADDITION_REDEFAULTS_ON_PRODUCT_CHANGE && productChanged && !state.sent.has(additionField);
        if ((state.mode !== "patch" && omitted) || redefault) values[additionField] = product[catalogField];
      }
    }
    if (state.mode !== "patch") values.quantity ??= ADDITION_DEFAULT_QUANTITY;
  },
  check(state) {
    const product = readProduct(state);
    return product?.productClass === "Bundle"
      ? [createIssue(state, "product", VALIDATION_CODES.rule, ADDITION_BUNDLE_MESSAGE)]
      : [];
  },
  compute(state) {
    const { values, store } = state;
    Object.assign(values, computeAdditionAmounts(values));
    const product = readProduct(state);
    const unitId = readReferenceId(product?.unitOfMeasure);
    const unit = unitId === undefined ? undefined : store.get("unitOfMeasures", unitId);
    values.uom = unit?.name;
  },
  present(presented, stored, store, now) {
    const parent = store.get("agreements", stored.agreementId as number);
    if (parent) presented.agreementStatus = deriveAgreementStatus(parent, now);
  },
  deletion: "free",
};

const catalogItem: Behaviour = {
  applyDefaults(state) {
    const { values, store } = state;
    if (state.mode === "patch") return;
    values.productClass ??= CATALOG_DEFAULT_PRODUCT_CLASS;
    values.price ??= 0;
    values.cost ??= 0;
    if (values.unitOfMeasure === undefined || values.unitOfMeasure === null) {
      const unit = findDefault(store, "unitOfMeasures");
      if (unit) values.unitOfMeasure = { id: unit.id };
    }
    const subcategoryId = readReferenceId(values.subcategory);
    const subcategory = subcategoryId === undefined ? undefined : store.get("subcategories", subcategoryId);
    if (CATALOG_DERIVES_CATEGORY && subcategory && (values.category === undefined || values.category === null)) {
      values.category = subcategory.category;
    }
  },
  check(state) {
    const issues: ValidationIssue[] = [];
    const duplicate = findDuplicate(state.store, "catalog", "identifier", state.values.identifier, state.existing?.id);
    if (duplicate) {
      issues.push(
        createIssue(
          state,
          "identifier",
          VALIDATION_CODES.duplicate,
          describeDuplicate("identifier", String(state.values.identifier)),
        ),
      );
    }
    const subcategoryId = readReferenceId(state.values.subcategory);
    const subcategory = subcategoryId === undefined ? undefined : state.store.get("subcategories", subcategoryId);
    const categoryId = readReferenceId(state.values.category);
    if (
      CATALOG_REFUSES_CATEGORY_MISMATCH &&
      subcategory &&
      categoryId !== undefined &&
      readReferenceId(subcategory.category) !== categoryId
    ) {
      issues.push(
        createIssue(
          state,
          "subcategory",
          VALIDATION_CODES.rule,
          `The subcategory ${subcategory.id} does not belong to category ${categoryId}.`,
        ),
      );
    }
    return issues;
  },
  deletion: "restrict",
};

const subcategory: Behaviour = {
  check(state) {
    const categoryId = readReferenceId(state.values.category) ?? readReferenceId(state.existing?.category);
    const duplicate = findDuplicate(
      state.store,
      "subcategories",
      "name",
      state.values.name,
      state.existing?.id,
      (record) => readReferenceId(record.category) === categoryId,
    );
    return duplicate
      ? [createIssue(state, "name", VALIDATION_CODES.duplicate, describeDuplicate("name", String(state.values.name)))]
      : [];
  },
  applyDefaults(state) {
    // The legacy child path's schema has no category: keep the stored one on PUT.
    if (state.mode !== "create" && state.values.category === undefined)
      state.values.category = state.existing?.category;
  },
  deletion: "restrict",
};

export const BEHAVIOURS: Partial<Record<TableName, Behaviour>> = {
  companies: company,
  companyStatuses: setupTable,
  companyTypes: setupTable,
  agreements: agreement,
  agreementTypes: setupTable,
  additions: addition,
  adjustments: { deletion: "free" },
  billingCycles: setupTable,
  catalog: catalogItem,
  categories: setupTable,
  subcategories: subcategory,
  productTypes: setupTable,
  unitOfMeasures: setupTable,
  manufacturers: setupTable,
};

export function readBehaviour(table: TableName): Behaviour {
  return BEHAVIOURS[table] ?? { deletion: "free" };
}
