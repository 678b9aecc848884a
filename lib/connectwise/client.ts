/**
 * The ConnectWise client: domain methods over the HTTP layer, one module per resource (companies.ts,
 * agreements.ts, catalog.ts, system.ts) on one signed-in session (api-session.ts). Callers pass and get
 * domain types (types.ts); URLs, headers and JSON names stay in this folder.
 */
import { agreementsApi, type ListAgreementsOptions } from "./agreements";
import { createApiSession } from "./api-session";
import { catalogApi } from "./catalog";
import { companiesApi, type ListCompaniesOptions } from "./companies";
import { discoverCompany } from "./discovery";
import type { PermissionName } from "./permissions";
import { systemApi } from "./system";
import type { ConnectWiseClientConfig } from "./transport";
import type { PagedList } from "./paging";
import type {
  AdditionChanges,
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
  PermissionCheck,
} from "./types";

export interface ConnectWiseClient {
  /** The login site and company of this client, discovered once (or taken from config.apiBaseUrl). */
  discover(): Promise<CompanyDiscovery>;
  getApiBaseUrl(): Promise<string>;
  getSystemInfo(): Promise<ConnectWiseSystemInfo>;
  listCompanies(options?: ListCompaniesOptions): PagedList<ConnectWiseCompany>;
  /** Companies (not deleted) whose name or identifier contains the text, by name. */
  searchCompanies(text: string, options?: { limit?: number }): Promise<ConnectWiseCompany[]>;
  findCompaniesByName(name: string): Promise<ConnectWiseCompany[]>;
  getCompany(companyId: number): Promise<ConnectWiseCompany>;
  listAgreements(options?: ListAgreementsOptions): PagedList<ConnectWiseAgreement>;
  getAgreement(agreementId: number): Promise<ConnectWiseAgreement>;
  /** Every addition of the agreement, cancelled ones included, all pages. */
  listAdditions(agreementId: number): Promise<ConnectWiseAddition[]>;
  createAddition(agreementId: number, addition: NewAddition): Promise<ConnectWiseAddition>;
  updateAddition(agreementId: number, additionId: number, changes: AdditionChanges): Promise<ConnectWiseAddition>;
  cancelAddition(agreementId: number, additionId: number, cancelledDate: DateInput): Promise<ConnectWiseAddition>;
  /** One request with `identifier in (...)`, split only when the URL would pass ~2000 characters. */
  findCatalogItemsByIdentifiers(identifiers: readonly string[]): Promise<ConnectWiseCatalogItem[]>;
  getCatalogItem(catalogItemId: number): Promise<ConnectWiseCatalogItem>;
  createCatalogItem(item: NewCatalogItem): Promise<ConnectWiseCatalogItem>;
  updateCatalogItem(catalogItemId: number, changes: CatalogItemChanges): Promise<ConnectWiseCatalogItem>;
  listProductTypes(): Promise<ConnectWiseLookup[]>;
  listCategories(): Promise<ConnectWiseLookup[]>;
  listSubcategories(categoryId?: number): Promise<ConnectWiseSubcategory[]>;
  listUnitsOfMeasure(): Promise<ConnectWiseLookup[]>;
  /** The permission checklist, each probed without side effects. */
  probePermissions(): Promise<PermissionCheck[]>;
}

export interface ConnectionCheck {
  discovery: CompanyDiscovery;
  systemInfo: ConnectWiseSystemInfo;
  permissions: PermissionCheck[];
  /** Permissions whose probe said "missing" (not the ones that could not be checked). */
  missingPermissions: PermissionName[];
}

export function createConnectWiseClient(config: ConnectWiseClientConfig): ConnectWiseClient {
  const session = createApiSession(config);
  return {
    discover: session.discover,
    getApiBaseUrl: session.getApiBaseUrl,
    ...systemApi(session),
    ...companiesApi(session),
    ...agreementsApi(session),
    ...catalogApi(session),
  };
}

/**
 * Everything the connect dialog needs: discovery (site and company), sign-in (keys and clientId), and the
 * permission checklist. Throws the typed error of the first step that fails; missing permissions are
 * reported in the result, not thrown.
 */
export async function checkConnectWiseConnection(config: ConnectWiseClientConfig): Promise<ConnectionCheck> {
  const discovery = await discoverCompany(config.site, config.companyId, config);
  const client = createConnectWiseClient({ ...config, apiBaseUrl: discovery.apiBaseUrl });
  const systemInfo = await client.getSystemInfo();
  const permissions = await client.probePermissions();
  return {
    discovery,
    systemInfo,
    permissions,
    missingPermissions: permissions.filter((check) => check.granted === false).map((check) => check.permission),
  };
}
