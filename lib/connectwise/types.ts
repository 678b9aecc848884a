/**
 * The domain types the rest of Billbridge uses to talk about ConnectWise. They carry no wire-format names
 * (no `cancelledFlag`, no `_info`); lib/connectwise/wire-format.ts translates.
 * Datetimes are strings in ConnectWise's own form `YYYY-MM-DDTHH:mm:ssZ` (UTC), or null when unset.
 */
import type { PermissionDefinition, PermissionName } from "./permissions";

export interface CompanyDiscovery {
  /** The login origin, normalized: `https://na.myconnectwise.net`. */
  site: string;
  companyId: string;
  companyName: string | null;
  /** `v2025_8/`: ends with a slash, as ConnectWise reports it. */
  codebase: string;
  /** `https://api-na.myconnectwise.net/v2025_8/apis/3.0`; store it with the connection to skip discovery. */
  apiBaseUrl: string;
  isCloud: boolean;
  versionCode: string | null;
}

export interface ConnectWiseSystemInfo {
  version: string | null;
  isCloud: boolean | null;
  serverTimeZone: string | null;
  cloudRegion: string | null;
}

export interface ConnectWiseCompany {
  id: number;
  identifier: string;
  name: string;
  status: string | null;
  deleted: boolean;
  lastUpdated: string | null;
}

export interface ConnectWiseAgreement {
  id: number;
  name: string;
  companyId: number | null;
  companyName: string | null;
  typeName: string | null;
  /** Active | Cancelled | Expired | Inactive, as ConnectWise derives it. */
  status: string | null;
  cancelled: boolean;
}

export type BillCustomer = "Billable" | "DoNotBill" | "NoCharge";

export interface ConnectWiseAddition {
  id: number;
  agreementId: number;
  /** The catalog item (ConnectWise's `product`); null only if ConnectWise returned none. */
  catalogItemId: number | null;
  productIdentifier: string | null;
  quantity: number;
  unitPrice: number | null;
  unitCost: number | null;
  description: string | null;
  invoiceDescription: string | null;
  effectiveDate: string | null;
  /** null while the addition is live. */
  cancelledDate: string | null;
  billCustomer: BillCustomer | null;
  /** The parent agreement's status as ConnectWise derives it (Active | Cancelled | Expired | Inactive). */
  agreementStatus: string | null;
  lastUpdated: string | null;
}

/** A day (`2025-06-01`), a ConnectWise datetime, or a Date; sent as `YYYY-MM-DDTHH:mm:ssZ`. */
export type DateInput = string | Date;

export interface NewAddition {
  catalogItemId: number;
  quantity: number;
  effectiveDate: DateInput;
  /** Default Billable. */
  billCustomer?: BillCustomer;
  /** Left out, ConnectWise copies price, cost and description from the catalog item. */
  unitPrice?: number | null;
  unitCost?: number | null;
  description?: string;
  invoiceDescription?: string;
  taxable?: boolean;
}

export interface AdditionChanges {
  quantity?: number;
  unitPrice?: number | null;
  unitCost?: number | null;
  description?: string;
  invoiceDescription?: string;
  effectiveDate?: DateInput;
  /** null un-cancels. */
  cancelledDate?: DateInput | null;
  billCustomer?: BillCustomer;
  taxable?: boolean;
}

export type ProductClass = "Agreement" | "Bundle" | "Inventory" | "NonInventory" | "Service";

export interface ConnectWiseCatalogItem {
  id: number;
  identifier: string;
  description: string;
  customerDescription: string | null;
  inactive: boolean;
  price: number | null;
  cost: number | null;
  productClass: string | null;
  productTypeId: number | null;
  productTypeName: string | null;
  categoryId: number | null;
  subcategoryId: number | null;
  unitOfMeasureId: number | null;
  taxable: boolean | null;
  manufacturerPartNumber: string | null;
  vendorSku: string | null;
  lastUpdated: string | null;
}

/** ConnectWise's limits for catalog items (spec 2025.8), so callers can shorten text before sending. */
export const CATALOG_ITEM_LIMITS = {
  identifier: 75,
  description: 60,
  customerDescription: 6000,
  manufacturerPartNumber: 50,
  vendorSku: 50,
} as const;

export interface NewCatalogItem {
  identifier: string;
  /** At most 60 characters. */
  description: string;
  customerDescription: string;
  productTypeId: number;
  subcategoryId: number;
  /** ConnectWise derives it from the subcategory when left out. */
  categoryId?: number;
  unitOfMeasureId?: number;
  price?: number;
  cost?: number;
  /** Default NonInventory. */
  productClass?: ProductClass;
  taxable?: boolean;
  inactive?: boolean;
  manufacturerPartNumber?: string;
  vendorSku?: string;
}

export type CatalogItemChanges = Partial<NewCatalogItem>;

export interface ConnectWiseLookup {
  id: number;
  name: string;
  inactive: boolean;
  isDefault: boolean;
}

export interface ConnectWiseSubcategory extends ConnectWiseLookup {
  categoryId: number | null;
}

export interface PermissionCheck {
  permission: PermissionName;
  /** null when the probe could not tell (ConnectWise failed or was unreachable). */
  granted: boolean | null;
  /** The probe's HTTP status, or null without an answer. */
  status: number | null;
  /** One sentence for the checklist: granted, or what is blocked, or why we could not tell. */
  detail: string;
  definition: PermissionDefinition;
}
