/**
 * ConnectWise's JSON as it travels, and its translation to and from our domain types. Private to
 * lib/connectwise: nothing outside this folder imports it. ConnectWise omits null fields and may send unset
 * dates as "", so every field is optional and read defensively.
 */
import { formatConnectWiseDateTime } from "./date-time";
import type {
  AdditionChanges,
  BillCustomer,
  CatalogItemChanges,
  CompanyDiscovery,
  ConnectWiseAddition,
  ConnectWiseAgreement,
  ConnectWiseCatalogItem,
  ConnectWiseCompany,
  ConnectWiseLookup,
  ConnectWiseSubcategory,
  ConnectWiseSystemInfo,
  DateInput,
  NewAddition,
  NewCatalogItem,
} from "./types";

type Reference = { id?: number | null; name?: string; identifier?: string } | null | undefined;
type Info = Record<string, string> | null | undefined;

export interface WireCompanyInfo {
  CompanyName?: string;
  Codebase?: string;
  VersionCode?: string;
  VersionNumber?: string;
  CompanyID?: string;
  IsCloud?: string | boolean;
}

export interface WireSystemInfo {
  version?: string;
  isCloud?: boolean;
  serverTimeZone?: string;
  cloudRegion?: string;
}

export interface WireCompany {
  id: number;
  identifier?: string;
  name?: string;
  status?: Reference;
  deletedFlag?: boolean | null;
  _info?: Info;
}

export interface WireAgreement {
  id: number;
  name?: string;
  company?: Reference;
  type?: Reference;
  agreementStatus?: string | null;
  cancelledFlag?: boolean | null;
}

export interface WireAddition {
  id: number;
  agreementId?: number | null;
  product?: Reference;
  quantity?: number | null;
  unitPrice?: number | null;
  unitCost?: number | null;
  description?: string | null;
  invoiceDescription?: string | null;
  effectiveDate?: string | null;
  cancelledDate?: string | null;
  billCustomer?: string | null;
  agreementStatus?: string | null;
  _info?: Info;
}

export interface WireCatalogItem {
  id: number;
  identifier?: string;
  description?: string;
  customerDescription?: string | null;
  inactiveFlag?: boolean | null;
  price?: number | null;
  cost?: number | null;
  productClass?: string | null;
  type?: Reference;
  category?: Reference;
  subcategory?: Reference;
  unitOfMeasure?: Reference;
  taxableFlag?: boolean | null;
  manufacturerPartNumber?: string | null;
  vendorSku?: string | null;
  _info?: Info;
}

export interface WireLookup {
  id: number;
  name?: string;
  inactiveFlag?: boolean | null;
  defaultFlag?: boolean | null;
  category?: Reference;
}

export interface WirePatchOperation {
  op: "replace";
  path: string;
  value: unknown;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function number(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function referenceId(reference: Reference): number | null {
  return number(reference?.id);
}

function dateText(value: unknown): string | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : formatConnectWiseDateTime(date);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day or datetime given by a caller, in the only form ConnectWise accepts. */
export function toWireDateTime(value: DateInput): string {
  if (value instanceof Date) return formatConnectWiseDateTime(value);
  const trimmed = value.trim();
  const date = new Date(DAY.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed);
  if (Number.isNaN(date.getTime())) throw new RangeError(`"${value}" is not a date ConnectWise can take`);
  return formatConnectWiseDateTime(date);
}

export function readCompanyInfo(
  info: WireCompanyInfo,
  site: string,
  companyId: string,
  codebase: string,
  apiBaseUrl: string,
): CompanyDiscovery {
  return {
    site,
    companyId: text(info.CompanyID) ?? companyId,
    companyName: text(info.CompanyName),
    codebase,
    apiBaseUrl,
    isCloud: info.IsCloud === true || (typeof info.IsCloud === "string" && info.IsCloud.toLowerCase() === "true"),
    versionCode: text(info.VersionCode),
  };
}

export function readSystemInfo(info: WireSystemInfo | null): ConnectWiseSystemInfo {
  return {
    version: text(info?.version),
    isCloud: typeof info?.isCloud === "boolean" ? info.isCloud : null,
    serverTimeZone: text(info?.serverTimeZone),
    cloudRegion: text(info?.cloudRegion),
  };
}

export const COMPANY_FIELDS = "id,identifier,name,status/name,deletedFlag,_info/lastUpdated";

export function readCompany(company: WireCompany): ConnectWiseCompany {
  return {
    id: company.id,
    identifier: company.identifier ?? "",
    name: company.name ?? "",
    status: text(company.status?.name),
    deleted: company.deletedFlag === true,
    lastUpdated: dateText(company._info?.lastUpdated),
  };
}

export const AGREEMENT_FIELDS = "id,name,company/id,company/name,type/name,agreementStatus,cancelledFlag";

export function readAgreement(agreement: WireAgreement): ConnectWiseAgreement {
  return {
    id: agreement.id,
    name: agreement.name ?? "",
    companyId: referenceId(agreement.company),
    companyName: text(agreement.company?.name),
    typeName: text(agreement.type?.name),
    status: text(agreement.agreementStatus),
    cancelled: agreement.cancelledFlag === true,
  };
}

const BILL_CUSTOMER_VALUES = new Set(["Billable", "DoNotBill", "NoCharge"]);

export function readAddition(addition: WireAddition, agreementId: number): ConnectWiseAddition {
  return {
    id: addition.id,
    agreementId: number(addition.agreementId) ?? agreementId,
    catalogItemId: referenceId(addition.product),
    productIdentifier: text(addition.product?.identifier),
    quantity: number(addition.quantity) ?? 0,
    unitPrice: number(addition.unitPrice),
    unitCost: number(addition.unitCost),
    description: text(addition.description),
    invoiceDescription: text(addition.invoiceDescription),
    effectiveDate: dateText(addition.effectiveDate),
    cancelledDate: dateText(addition.cancelledDate),
    billCustomer: BILL_CUSTOMER_VALUES.has(addition.billCustomer ?? "")
      ? (addition.billCustomer as BillCustomer)
      : null,
    agreementStatus: text(addition.agreementStatus),
    lastUpdated: dateText(addition._info?.lastUpdated),
  };
}

export function writeNewAddition(addition: NewAddition): Record<string, unknown> {
  const body: Record<string, unknown> = {
    product: { id: addition.catalogItemId },
    billCustomer: addition.billCustomer ?? "Billable",
    quantity: addition.quantity,
    effectiveDate: toWireDateTime(addition.effectiveDate),
  };
  if (addition.unitPrice != null) body.unitPrice = addition.unitPrice;
  if (addition.unitCost != null) body.unitCost = addition.unitCost;
  if (addition.description !== undefined) body.description = addition.description;
  if (addition.invoiceDescription !== undefined) body.invoiceDescription = addition.invoiceDescription;
  if (addition.taxable !== undefined) body.taxableFlag = addition.taxable;
  return body;
}

/** PATCH operations: bare, case-sensitive top-level paths (`quantity`, not `/quantity`). */
export function writeAdditionPatch(changes: AdditionChanges): WirePatchOperation[] {
  const operations: WirePatchOperation[] = [];
  const replace = (path: string, value: unknown) => operations.push({ op: "replace", path, value });
  if (changes.quantity !== undefined) replace("quantity", changes.quantity);
  if (changes.unitPrice !== undefined) replace("unitPrice", changes.unitPrice);
  if (changes.unitCost !== undefined) replace("unitCost", changes.unitCost);
  if (changes.description !== undefined) replace("description", changes.description);
  if (changes.invoiceDescription !== undefined) replace("invoiceDescription", changes.invoiceDescription);
  if (changes.effectiveDate !== undefined) replace("effectiveDate", toWireDateTime(changes.effectiveDate));
  if (changes.cancelledDate !== undefined)
    replace("cancelledDate", changes.cancelledDate === null ? null : toWireDateTime(changes.cancelledDate));
  if (changes.billCustomer !== undefined) replace("billCustomer", changes.billCustomer);
  if (changes.taxable !== undefined) replace("taxableFlag", changes.taxable);
  return operations;
}

export const CATALOG_ITEM_FIELDS =
  "id,identifier,description,customerDescription,inactiveFlag,price,cost,productClass,type/id,type/name,category/id,subcategory/id,unitOfMeasure/id,taxableFlag,manufacturerPartNumber,vendorSku,_info/lastUpdated";

export function readCatalogItem(item: WireCatalogItem): ConnectWiseCatalogItem {
  return {
    id: item.id,
    identifier: item.identifier ?? "",
    description: item.description ?? "",
    customerDescription: text(item.customerDescription),
    inactive: item.inactiveFlag === true,
    price: number(item.price),
    cost: number(item.cost),
    productClass: text(item.productClass),
    productTypeId: referenceId(item.type),
    productTypeName: text(item.type?.name),
    categoryId: referenceId(item.category),
    subcategoryId: referenceId(item.subcategory),
    unitOfMeasureId: referenceId(item.unitOfMeasure),
    taxable: typeof item.taxableFlag === "boolean" ? item.taxableFlag : null,
    manufacturerPartNumber: text(item.manufacturerPartNumber),
    vendorSku: text(item.vendorSku),
    lastUpdated: dateText(item._info?.lastUpdated),
  };
}

/** Catalog fields in wire form; references are whole objects, as PATCH requires. */
function writeCatalogFields(item: CatalogItemChanges): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (item.identifier !== undefined) fields.identifier = item.identifier;
  if (item.description !== undefined) fields.description = item.description;
  if (item.customerDescription !== undefined) fields.customerDescription = item.customerDescription;
  if (item.productTypeId !== undefined) fields.type = { id: item.productTypeId };
  if (item.subcategoryId !== undefined) fields.subcategory = { id: item.subcategoryId };
  if (item.categoryId !== undefined) fields.category = { id: item.categoryId };
  if (item.unitOfMeasureId !== undefined) fields.unitOfMeasure = { id: item.unitOfMeasureId };
  if (item.price !== undefined) fields.price = item.price;
  if (item.cost !== undefined) fields.cost = item.cost;
  if (item.productClass !== undefined) fields.productClass = item.productClass;
  if (item.taxable !== undefined) fields.taxableFlag = item.taxable;
  if (item.inactive !== undefined) fields.inactiveFlag = item.inactive;
  if (item.manufacturerPartNumber !== undefined) fields.manufacturerPartNumber = item.manufacturerPartNumber;
  if (item.vendorSku !== undefined) fields.vendorSku = item.vendorSku;
  return fields;
}

export function writeNewCatalogItem(item: NewCatalogItem): Record<string, unknown> {
  return { productClass: "NonInventory", ...writeCatalogFields(item) };
}

export function writeCatalogItemPatch(changes: CatalogItemChanges): WirePatchOperation[] {
  return Object.entries(writeCatalogFields(changes)).map(([path, value]) => ({ op: "replace", path, value }));
}

export function readLookup(lookup: WireLookup): ConnectWiseLookup {
  return {
    id: lookup.id,
    name: lookup.name ?? "",
    inactive: lookup.inactiveFlag === true,
    isDefault: lookup.defaultFlag === true,
  };
}

export function readSubcategory(lookup: WireLookup, categoryId: number | null = null): ConnectWiseSubcategory {
  return { ...readLookup(lookup), categoryId: referenceId(lookup.category) ?? categoryId };
}
