// References between records: which table each *Reference schema points at, how a reference in a
// request is resolved (by id, else by natural key), and how a stored `{id}` is presented.
import { PASS_THROUGH_UNMODELLED_REFERENCES, RESOLVE_REFERENCES_BY_NATURAL_KEY } from "./choices";
import { readComponent } from "./spec";
import type { Store, StoredRecord, TableName } from "./store";

interface ReferenceTarget {
  table: TableName;
  hrefKey: string;
  naturalKeys: ReadonlyArray<"identifier" | "name">;
}

export const REFERENCE_TARGETS: Record<string, ReferenceTarget> = {
  CompanyReference: { table: "companies", hrefKey: "company_href", naturalKeys: ["identifier"] },
  CompanyStatusReference: { table: "companyStatuses", hrefKey: "status_href", naturalKeys: ["name"] },
  CompanyTypeReference: { table: "companyTypes", hrefKey: "type_href", naturalKeys: ["name"] },
  ContactReference: { table: "contacts", hrefKey: "contact_href", naturalKeys: ["name"] },
  SiteReference: { table: "sites", hrefKey: "site_href", naturalKeys: ["name"] },
  CountryReference: { table: "countries", hrefKey: "country_href", naturalKeys: ["identifier", "name"] },
  MemberReference: { table: "members", hrefKey: "member_href", naturalKeys: ["identifier"] },
  AgreementReference: { table: "agreements", hrefKey: "agreement_href", naturalKeys: [] },
  AgreementTypeReference: { table: "agreementTypes", hrefKey: "type_href", naturalKeys: ["name"] },
  BillingCycleReference: { table: "billingCycles", hrefKey: "billingCycle_href", naturalKeys: ["name"] },
  BillingTermsReference: { table: "billingTerms", hrefKey: "billingTerms_href", naturalKeys: ["name"] },
  TaxCodeReference: { table: "taxCodes", hrefKey: "taxCode_href", naturalKeys: ["name"] },
  CurrencyReference: { table: "currencies", hrefKey: "currency_href", naturalKeys: ["name"] },
  SystemLocationReference: { table: "locations", hrefKey: "location_href", naturalKeys: ["name"] },
  SystemDepartmentReference: { table: "departments", hrefKey: "department_href", naturalKeys: ["name"] },
  IvItemReference: { table: "catalog", hrefKey: "product_href", naturalKeys: ["identifier"] },
  CatalogItemReference: { table: "catalog", hrefKey: "catalogItem_href", naturalKeys: ["identifier"] },
  ProductCategoryReference: { table: "categories", hrefKey: "category_href", naturalKeys: ["name"] },
  ProductSubCategoryReference: { table: "subcategories", hrefKey: "subcategory_href", naturalKeys: ["name"] },
  ProductTypeReference: { table: "productTypes", hrefKey: "type_href", naturalKeys: ["name"] },
  UnitOfMeasureReference: { table: "unitOfMeasures", hrefKey: "unitOfMeasure_href", naturalKeys: ["name"] },
  ManufacturerReference: { table: "manufacturers", hrefKey: "manufacturer_href", naturalKeys: ["name"] },
};

// API path of one record, relative to `.../apis/3.0`.
export function describeRecordPath(table: TableName, record: StoredRecord): string {
  const id = record.id;
  switch (table) {
    case "companies":
      return `/company/companies/${id}`;
    case "companyStatuses":
      return `/company/companies/statuses/${id}`;
    case "companyTypes":
      return `/company/companies/types/${id}`;
    case "contacts":
      return `/company/contacts/${id}`;
    case "sites":
      return `/company/companies/${(record.company as { id: number } | undefined)?.id ?? 0}/sites/${id}`;
    case "countries":
      return `/company/countries/${id}`;
    case "members":
      return `/system/members/${id}`;
    case "agreements":
      return `/finance/agreements/${id}`;
    case "agreementTypes":
      return `/finance/agreements/types/${id}`;
    case "additions":
      return `/finance/agreements/${record.agreementId as number}/additions/${id}`;
    case "adjustments":
      return `/finance/agreements/${record.agreementId as number}/adjustments/${id}`;
    case "billingCycles":
      return `/finance/billingCycles/${id}`;
    case "billingTerms":
      return `/finance/billingTerms/${id}`;
    case "taxCodes":
      return `/finance/taxCodes/${id}`;
    case "currencies":
      return `/finance/currencies/${id}`;
    case "locations":
      return `/system/locations/${id}`;
    case "departments":
      return `/system/departments/${id}`;
    case "catalog":
      return `/procurement/catalog/${id}`;
    case "categories":
      return `/procurement/categories/${id}`;
    case "subcategories":
      return `/procurement/subcategories/${id}`;
    case "productTypes":
      return `/procurement/types/${id}`;
    case "unitOfMeasures":
      return `/procurement/unitOfMeasures/${id}`;
    case "manufacturers":
      return `/procurement/manufacturers/${id}`;
  }
}

export function isModelledReference(referenceSchema: string): boolean {
  return Object.hasOwn(REFERENCE_TARGETS, referenceSchema);
}

export function readReferenceTarget(referenceSchema: string): ReferenceTarget | undefined {
  return REFERENCE_TARGETS[referenceSchema];
}

function compareNaturalKey(left: unknown, right: unknown): boolean {
  return typeof left === "string" && typeof right === "string" && left.toLowerCase() === right.toLowerCase();
}

export type ReferenceResolution =
  | { kind: "empty" }
  | { kind: "found"; stored: Record<string, unknown>; record?: StoredRecord }
  | { kind: "missing"; by: string };

// Resolves a reference object from a request body. Unmodelled reference types are kept as sent
// (minus `_info`).
export function resolveReference(store: Store, referenceSchema: string, value: unknown): ReferenceResolution {
  if (value === null || value === undefined) return { kind: "empty" };
  const reference = value as Record<string, unknown>;
  const target = REFERENCE_TARGETS[referenceSchema];
  if (!target) {
    if (!PASS_THROUGH_UNMODELLED_REFERENCES) return { kind: "missing", by: "unmodelled reference" };
    const { _info: _ignored, ...kept } = reference;
    return Object.keys(kept).length === 0 ? { kind: "empty" } : { kind: "found", stored: kept };
  }
  if (reference.id !== undefined && reference.id !== null) {
    const record = typeof reference.id === "number" ? store.get(target.table, reference.id) : undefined;
    return record
      ? { kind: "found", stored: { id: record.id }, record }
      : { kind: "missing", by: `id ${String(reference.id)}` };
  }
  if (RESOLVE_REFERENCES_BY_NATURAL_KEY) {
    for (const key of target.naturalKeys) {
      const wanted = reference[key];
      if (wanted === undefined || wanted === null || wanted === "") continue;
      const record = store.list(target.table).find((candidate) => compareNaturalKey(candidate[key], wanted));
      return record
        ? { kind: "found", stored: { id: record.id }, record }
        : { kind: "missing", by: `${key} ${JSON.stringify(wanted)}` };
    }
  }
  return { kind: "empty" };
}

// Presents a stored reference as ConnectWise does: the reference schema's own fields taken from the
// target record, plus `_info: {<kind>_href}`.
export function presentReference(
  store: Store,
  referenceSchema: string,
  stored: unknown,
  apiBase: string,
): Record<string, unknown> | undefined {
  if (stored === null || stored === undefined) return undefined;
  const target = REFERENCE_TARGETS[referenceSchema];
  const value = stored as Record<string, unknown>;
  if (!target) return value;
  const id = value.id as number;
  const record = store.get(target.table, id);
  if (!record) return { id };
  const presented: Record<string, unknown> = {};
  for (const field of readReferenceFields(referenceSchema)) {
    const fieldValue = readReferenceField(store, referenceSchema, record, field);
    if (fieldValue !== undefined && fieldValue !== null) presented[field] = fieldValue;
  }
  presented._info = { [target.hrefKey]: `${apiBase}${describeRecordPath(target.table, record)}` };
  return presented;
}

const referenceFields = new Map<string, string[]>();

function readReferenceFields(referenceSchema: string): string[] {
  let fields = referenceFields.get(referenceSchema);
  if (!fields) {
    fields = Object.keys(readComponent(referenceSchema).properties).filter((field) => field !== "_info");
    referenceFields.set(referenceSchema, fields);
  }
  return fields;
}

function readReferenceField(store: Store, referenceSchema: string, record: StoredRecord, field: string): unknown {
  if (referenceSchema === "AgreementReference") {
    if (field === "type") {
      const typeId = (record.type as { id?: number } | undefined)?.id;
      return typeId === undefined ? undefined : store.get("agreementTypes", typeId)?.name;
    }
    if (field === "chargeFirmFlag") return record.chargeToFirm;
  }
  if (field === "name" && record.name === undefined && typeof record.description === "string") {
    // CatalogItemReference.name: catalog items have no name, their description plays that part.
    return record.description;
  }
  return record[field];
}
