/**
 * The ConnectWise client: domain methods over the HTTP layer. Callers pass and get domain types (types.ts);
 * URLs, headers and JSON names stay in this folder.
 */
import { Condition, renderConditions, where } from "./conditions";
import { CONNECTWISE_ACCEPT_HEADER, resolveConnectWiseClientId } from "./config";
import {
  BadCredentialsError,
  ConnectWiseConfigurationError,
  ConnectWiseError,
  MissingPermissionError,
  NotFoundError,
  SiteUnreachableError,
  UnexpectedResponseError,
  UnknownCompanyError,
  ValidationError,
} from "./errors";
import {
  buildQueryString,
  createHttpClient,
  type HttpClient,
  type HttpOptions,
  type QueryValue,
  type RequestLimiter,
  type ConnectWiseRequestRecord,
} from "./http";
import { iterateForwardOnlyPages, iterateNavigablePages, PagedList, type PagePosition } from "./paging";
import { PERMISSION_CATALOG, type PermissionDefinition, type PermissionName } from "./permissions";
import type { RetryPolicy } from "./retry";
import { readAllowPrivateHosts } from "./site-safety";
import { buildApiBaseUrl, buildCompanyInfoUrl, normalizeCodebase, normalizeSite } from "./site";
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
import {
  AGREEMENT_FIELDS,
  CATALOG_ITEM_FIELDS,
  COMPANY_FIELDS,
  readAddition,
  readAgreement,
  readCatalogItem,
  readCompany,
  readCompanyInfo,
  readLookup,
  readSubcategory,
  readSystemInfo,
  writeAdditionPatch,
  writeCatalogItemPatch,
  writeNewAddition,
  writeNewCatalogItem,
  type WireAddition,
  type WireAgreement,
  type WireCatalogItem,
  type WireCompany,
  type WireCompanyInfo,
  type WireLookup,
  type WireSystemInfo,
} from "./wire-format";

export interface ConnectWiseTransportOptions {
  /** Default: CW_ALLOW_PRIVATE_HOSTS=1 in the environment. */
  allowPrivateHosts?: boolean;
  /** Per HTTP attempt. Default 30 s. */
  timeoutMs?: number;
  retryPolicy?: Partial<RetryPolicy>;
  limiter?: RequestLimiter;
  onRequest?: (record: ConnectWiseRequestRecord) => void;
  sleep?: (milliseconds: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface ConnectWiseClientConfig extends ConnectWiseTransportOptions {
  /** As the admin typed it; normalized here. */
  site: string;
  /** The login company (ConnectWise's login screen), not a numeric id. */
  companyId: string;
  publicKey: string;
  privateKey: string;
  /** Default: resolveConnectWiseClientId() (CW_CLIENT_ID, or the development default outside production). */
  clientId?: string;
  /** From an earlier discovery (stored with the connection); without it the first call discovers it. */
  apiBaseUrl?: string;
}

const DISCOVERY_TIMEOUT_MS = 15_000;
const MAX_PAGE_SIZE = 1000;
/** ConnectWise's recommended maximum URL length. */
const MAX_URL_LENGTH = 2000;

function createTransport(options: ConnectWiseTransportOptions): HttpClient {
  const httpOptions: HttpOptions = {
    ...options,
    allowPrivateHosts: options.allowPrivateHosts ?? readAllowPrivateHosts(),
  };
  return createHttpClient(httpOptions);
}

function requireText(value: string, message: string): string {
  const trimmed = (value ?? "").trim();
  if (trimmed === "") throw new BadCredentialsError(message);
  return trimmed;
}

/**
 * Finds a tenant's codebase and API base URL from the site and login company, without credentials:
 * `GET https://{site}/login/companyinfo/{companyId}`. Throws InvalidSiteUrlError, SiteNotAllowedError,
 * SiteUnreachableError (including "that is not a ConnectWise server") or UnknownCompanyError.
 */
export async function discoverCompany(
  site: string,
  companyId: string,
  options: ConnectWiseTransportOptions = {},
): Promise<CompanyDiscovery> {
  const normalizedSite = normalizeSite(site);
  const company = (companyId ?? "").trim();
  if (company === "") {
    throw new UnknownCompanyError(
      "Enter the ConnectWise company ID: the company you type on the ConnectWise login screen.",
      company,
    );
  }
  const http = createTransport(options);
  const url = buildCompanyInfoUrl(normalizedSite, company);
  const notConnectWise = (cause?: unknown) =>
    new SiteUnreachableError(
      `${normalizedSite.origin} answered, but not like a ConnectWise server (no company information at /login/companyinfo). ` +
        "Check the site: it is the host of your ConnectWise login page, for example na.myconnectwise.net.",
      "not-connectwise",
      { cause },
    );
  let info: unknown;
  try {
    const response = await http.send<unknown>({
      method: "GET",
      url,
      path: "/login/companyinfo",
      headers: { accept: "application/json" },
      operation: "look up the company on the ConnectWise site",
      timeoutMs: options.timeoutMs ?? DISCOVERY_TIMEOUT_MS,
    });
    info = response.data;
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof UnexpectedResponseError) throw notConnectWise(error);
    throw error;
  }
  if (info === null || (typeof info === "object" && !Array.isArray(info) && Object.keys(info).length === 0)) {
    throw new UnknownCompanyError(
      `ConnectWise at ${normalizedSite.hostname} does not know the company ID "${company}". Use the company you type on the ConnectWise login screen (not the company's name).`,
      company,
    );
  }
  if (
    typeof info !== "object" ||
    Array.isArray(info) ||
    !("Codebase" in info || "CompanyID" in info || "CompanyName" in info)
  ) {
    throw notConnectWise();
  }
  const wire = info as WireCompanyInfo;
  const codebase = normalizeCodebase(wire.Codebase);
  return readCompanyInfo(wire, normalizedSite.origin, company, codebase, buildApiBaseUrl(normalizedSite, codebase));
}

interface ApiCall {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  operation: string;
  notFoundMeansBadCredentials?: boolean;
}

interface ListOptions<Wire, Domain> {
  path: string;
  operation: string;
  conditions?: Condition | null;
  fields?: string;
  orderBy?: string;
  pageSize?: number;
  forwardOnly?: boolean;
  startAfterId?: number | null;
  read: (row: Wire) => Domain;
}

export interface ListCompaniesOptions {
  /** Default true: fast on deep pages, ordered by id. */
  forwardOnly?: boolean;
  /** Default 1000 (ConnectWise's maximum). */
  pageSize?: number;
  /** Only companies changed after this moment (`_info/lastUpdated`). */
  updatedSince?: DateInput;
  /** Forward-only: resume after this company id. */
  startAfterId?: number;
}

export interface ListAgreementsOptions {
  companyId?: number;
  /** Default true; false leaves out agreements with the cancelled flag. */
  includeCancelled?: boolean;
  pageSize?: number;
}

export interface ConnectionCheck {
  discovery: CompanyDiscovery;
  systemInfo: ConnectWiseSystemInfo;
  permissions: PermissionCheck[];
  /** Permissions whose probe said "missing" (not the ones that could not be checked). */
  missingPermissions: PermissionName[];
}

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
  /** Adds a unit of measure to ConnectWise's setup table (System › Table Setup › Add). */
  createUnitOfMeasure(name: string): Promise<ConnectWiseLookup>;
  /** The permission checklist, each probed without side effects. */
  probePermissions(): Promise<PermissionCheck[]>;
}

function checkId(id: number, what: string): number {
  if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError(`${what} must be a positive whole number, not ${id}`);
  return id;
}

export function createConnectWiseClient(config: ConnectWiseClientConfig): ConnectWiseClient {
  const site = normalizeSite(config.site);
  const companyId = requireText(
    config.companyId,
    "Enter the ConnectWise company ID: the company you type on the ConnectWise login screen.",
  );
  const publicKey = requireText(config.publicKey, "Enter the API member's public key.");
  const privateKey = requireText(config.privateKey, "Enter the API member's private key.");
  const clientId = config.clientId ?? resolveConnectWiseClientId();
  const http = createTransport(config);
  const authorization = `Basic ${Buffer.from(`${companyId}+${publicKey}:${privateKey}`).toString("base64")}`;

  let discovery: Promise<CompanyDiscovery> | null = null;
  function discover(): Promise<CompanyDiscovery> {
    discovery ??= discoverCompany(site.origin, companyId, config).catch((error: unknown) => {
      discovery = null;
      throw error;
    });
    return discovery;
  }

  async function getApiBaseUrl(): Promise<string> {
    if (config.apiBaseUrl) return config.apiBaseUrl.replace(/\/+$/, "");
    return (await discover()).apiBaseUrl;
  }

  async function call<T>(request: ApiCall): Promise<{ data: T; headers: Headers; status: number }> {
    const baseUrl = await getApiBaseUrl();
    return await http.send<T>({
      method: request.method,
      url: baseUrl + request.path,
      path: request.path,
      query: request.query,
      body: request.body,
      operation: request.operation,
      notFoundMeansBadCredentials: request.notFoundMeansBadCredentials,
      headers: { authorization, clientid: clientId, accept: CONNECTWISE_ACCEPT_HEADER, ...request.headers },
    });
  }

  function list<Wire extends { id: number }, Domain>(options: ListOptions<Wire, Domain>): PagedList<Domain> {
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, options.pageSize ?? MAX_PAGE_SIZE));
    const loadPage = async (position: PagePosition) => {
      const forwardOnly = position.mode === "forward-only";
      const response = await call<Wire[]>({
        method: "GET",
        path: options.path,
        operation: options.operation,
        query: {
          conditions: renderConditions(options.conditions),
          fields: options.fields,
          orderBy: forwardOnly ? undefined : options.orderBy,
          pageSize,
          page: position.mode === "navigable" ? position.page : undefined,
          pageId: position.mode === "forward-only" ? position.pageId : undefined,
        },
        headers: forwardOnly ? { "pagination-type": "forward-only" } : undefined,
      });
      if (!Array.isArray(response.data)) {
        throw new UnexpectedResponseError(
          `ConnectWise did not answer a list when Billbridge tried to ${options.operation}.`,
          {
            status: response.status,
            request: { method: "GET", path: options.path },
          },
        );
      }
      return { rows: response.data, linkHeader: response.headers.get("link") };
    };
    const rows = new PagedList<Wire>(() =>
      options.forwardOnly
        ? iterateForwardOnlyPages(loadPage, options.startAfterId ?? null)
        : iterateNavigablePages(loadPage, pageSize),
    );
    return rows.map(options.read);
  }

  async function getOne<Wire>(path: string, operation: string, fields?: string): Promise<Wire> {
    const response = await call<Wire>({ method: "GET", path, operation, query: { fields } });
    return response.data;
  }

  function listCompanies(options: ListCompaniesOptions = {}): PagedList<ConnectWiseCompany> {
    return list<WireCompany, ConnectWiseCompany>({
      path: "/company/companies",
      operation: "list ConnectWise companies",
      conditions:
        options.updatedSince !== undefined
          ? where.greaterThan("_info/lastUpdated", toDate(options.updatedSince))
          : null,
      fields: COMPANY_FIELDS,
      orderBy: "id asc",
      pageSize: options.pageSize,
      forwardOnly: options.forwardOnly ?? true,
      startAfterId: options.startAfterId,
      read: readCompany,
    });
  }

  async function searchCompanies(text: string, options: { limit?: number } = {}): Promise<ConnectWiseCompany[]> {
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, options.limit ?? 25));
    const trimmed = text.trim();
    const response = await call<WireCompany[]>({
      method: "GET",
      path: "/company/companies",
      operation: "search ConnectWise companies",
      query: {
        conditions: renderConditions(
          where.and(
            trimmed === "" ? null : where.or(where.contains("name", trimmed), where.contains("identifier", trimmed)),
            where.eq("deletedFlag", false),
          ),
        ),
        fields: COMPANY_FIELDS,
        orderBy: "name asc",
        pageSize: limit,
        page: 1,
      },
    });
    return response.data.map(readCompany);
  }

  async function findCompaniesByName(name: string): Promise<ConnectWiseCompany[]> {
    return await list<WireCompany, ConnectWiseCompany>({
      path: "/company/companies",
      operation: "find a ConnectWise company by name",
      conditions: where.eq("name", name),
      fields: COMPANY_FIELDS,
      orderBy: "id asc",
      read: readCompany,
    }).toArray();
  }

  async function getCompany(id: number): Promise<ConnectWiseCompany> {
    checkId(id, "companyId");
    return readCompany(await getOne<WireCompany>(`/company/companies/${id}`, `read company ${id}`, COMPANY_FIELDS));
  }

  function listAgreements(options: ListAgreementsOptions = {}): PagedList<ConnectWiseAgreement> {
    if (options.companyId !== undefined) checkId(options.companyId, "companyId");
    return list<WireAgreement, ConnectWiseAgreement>({
      path: "/finance/agreements",
      operation:
        options.companyId !== undefined
          ? `list the agreements of company ${options.companyId}`
          : "list ConnectWise agreements",
      conditions: where.and(
        options.companyId !== undefined ? where.eq("company/id", options.companyId) : null,
        options.includeCancelled === false ? where.eq("cancelledFlag", false) : null,
      ),
      fields: AGREEMENT_FIELDS,
      orderBy: "id asc",
      pageSize: options.pageSize,
      read: readAgreement,
    });
  }

  async function getAgreement(id: number): Promise<ConnectWiseAgreement> {
    checkId(id, "agreementId");
    return readAgreement(
      await getOne<WireAgreement>(`/finance/agreements/${id}`, `read agreement ${id}`, AGREEMENT_FIELDS),
    );
  }

  async function listAdditions(agreementId: number): Promise<ConnectWiseAddition[]> {
    checkId(agreementId, "agreementId");
    return await list<WireAddition, ConnectWiseAddition>({
      path: `/finance/agreements/${agreementId}/additions`,
      operation: `read the additions of agreement ${agreementId}`,
      orderBy: "id asc",
      read: (row) => readAddition(row, agreementId),
    }).toArray();
  }

  async function createAddition(agreementId: number, addition: NewAddition): Promise<ConnectWiseAddition> {
    checkId(agreementId, "agreementId");
    const response = await call<WireAddition>({
      method: "POST",
      path: `/finance/agreements/${agreementId}/additions`,
      operation: `add catalog item ${addition.catalogItemId} to agreement ${agreementId}`,
      body: writeNewAddition(addition),
    });
    return readAddition(response.data, agreementId);
  }

  async function updateAddition(
    agreementId: number,
    additionId: number,
    changes: AdditionChanges,
  ): Promise<ConnectWiseAddition> {
    checkId(agreementId, "agreementId");
    checkId(additionId, "additionId");
    const operations = writeAdditionPatch(changes);
    if (operations.length === 0) throw new RangeError("updateAddition needs at least one change");
    const response = await call<WireAddition>({
      method: "PATCH",
      path: `/finance/agreements/${agreementId}/additions/${additionId}`,
      operation: `update addition ${additionId} of agreement ${agreementId}`,
      body: operations,
    });
    return readAddition(response.data, agreementId);
  }

  async function cancelAddition(
    agreementId: number,
    additionId: number,
    cancelledDate: DateInput,
  ): Promise<ConnectWiseAddition> {
    return await updateAddition(agreementId, additionId, { cancelledDate });
  }

  async function findCatalogItemsByIdentifiers(identifiers: readonly string[]): Promise<ConnectWiseCatalogItem[]> {
    const unique = [...new Set(identifiers.filter((identifier) => identifier.trim() !== ""))];
    if (unique.length === 0) return [];
    const baseUrl = await getApiBaseUrl();
    const path = "/procurement/catalog";
    const urlLength = (chunk: string[]) =>
      (
        baseUrl +
        path +
        buildQueryString({
          conditions: where.inList("identifier", chunk).text,
          fields: CATALOG_ITEM_FIELDS,
          orderBy: "id asc",
          pageSize: MAX_PAGE_SIZE,
          page: 1,
        })
      ).length;
    const chunks: string[][] = [];
    let current: string[] = [];
    for (const identifier of unique) {
      if (current.length > 0 && urlLength([...current, identifier]) > MAX_URL_LENGTH) {
        chunks.push(current);
        current = [];
      }
      current.push(identifier);
    }
    chunks.push(current);
    const items: ConnectWiseCatalogItem[] = [];
    for (const chunk of chunks) {
      const found = await list<WireCatalogItem, ConnectWiseCatalogItem>({
        path,
        operation: "look up the vendor's products in the ConnectWise catalog",
        conditions: where.inList("identifier", chunk),
        fields: CATALOG_ITEM_FIELDS,
        orderBy: "id asc",
        read: readCatalogItem,
      }).toArray();
      items.push(...found);
    }
    return items;
  }

  async function getCatalogItem(id: number): Promise<ConnectWiseCatalogItem> {
    checkId(id, "catalogItemId");
    return readCatalogItem(
      await getOne<WireCatalogItem>(`/procurement/catalog/${id}`, `read catalog item ${id}`, CATALOG_ITEM_FIELDS),
    );
  }

  async function createCatalogItem(item: NewCatalogItem): Promise<ConnectWiseCatalogItem> {
    const response = await call<WireCatalogItem>({
      method: "POST",
      path: "/procurement/catalog",
      operation: `create the catalog item ${item.identifier}`,
      body: writeNewCatalogItem(item),
    });
    return readCatalogItem(response.data);
  }

  async function updateCatalogItem(id: number, changes: CatalogItemChanges): Promise<ConnectWiseCatalogItem> {
    checkId(id, "catalogItemId");
    const operations = writeCatalogItemPatch(changes);
    if (operations.length === 0) throw new RangeError("updateCatalogItem needs at least one change");
    const response = await call<WireCatalogItem>({
      method: "PATCH",
      path: `/procurement/catalog/${id}`,
      operation: `update catalog item ${id}`,
      body: operations,
    });
    return readCatalogItem(response.data);
  }

  async function createUnitOfMeasure(name: string): Promise<ConnectWiseLookup> {
    const response = await call<WireLookup>({
      method: "POST",
      path: "/procurement/unitOfMeasures",
      operation: `create the unit of measure "${name}"`,
      body: { name },
    });
    return readLookup(response.data);
  }

  function listLookup(path: string, operation: string): Promise<ConnectWiseLookup[]> {
    return list<WireLookup, ConnectWiseLookup>({
      path,
      operation,
      fields: "id,name,inactiveFlag,defaultFlag",
      orderBy: "name asc",
      read: readLookup,
    }).toArray();
  }

  async function listSubcategories(categoryId?: number): Promise<ConnectWiseSubcategory[]> {
    if (categoryId !== undefined) {
      checkId(categoryId, "categoryId");
      // The category's own child collection: filtering /procurement/subcategories by category/id is not documented.
      return await list<WireLookup, ConnectWiseSubcategory>({
        path: `/procurement/categories/${categoryId}/subcategories/`,
        operation: `list the subcategories of category ${categoryId}`,
        orderBy: "name asc",
        read: (row) => readSubcategory(row, categoryId),
      }).toArray();
    }
    return await list<WireLookup, ConnectWiseSubcategory>({
      path: "/procurement/subcategories/",
      operation: "list product subcategories",
      fields: "id,name,inactiveFlag,defaultFlag,category/id",
      orderBy: "name asc",
      read: (row) => readSubcategory(row),
    }).toArray();
  }

  async function getSystemInfo(): Promise<ConnectWiseSystemInfo> {
    const response = await call<WireSystemInfo>({
      method: "GET",
      path: "/system/info",
      operation: "sign in to ConnectWise",
      notFoundMeansBadCredentials: true,
    });
    return readSystemInfo(response.data);
  }

  async function probePermissions(): Promise<PermissionCheck[]> {
    return await Promise.all(PERMISSION_CATALOG.map((definition) => probePermission(definition)));
  }

  async function probePermission(definition: PermissionDefinition): Promise<PermissionCheck> {
    const probe = PERMISSION_PROBES[definition.name];
    const result = (granted: boolean | null, status: number | null, detail: string): PermissionCheck => ({
      permission: definition.name,
      granted,
      status,
      detail,
      definition,
    });
    try {
      const response = await call<unknown>({ ...probe, operation: `check the permission ${definition.name}` });
      return result(true, response.status, "Granted.");
    } catch (error) {
      if (error instanceof MissingPermissionError)
        return result(false, error.status, `Missing. ${definition.blocksWhenMissing}`);
      // Add and Edit probes are built to be refused for validation (or to name a record that cannot exist);
      // a member without the permission gets 403 before ConnectWise looks at the body.
      if (probe.method !== "GET" && (error instanceof ValidationError || error instanceof NotFoundError)) {
        return result(true, error.status, "Granted.");
      }
      if (error instanceof BadCredentialsError || error instanceof ConnectWiseConfigurationError) throw error;
      if (error instanceof ConnectWiseError)
        return result(null, error.status, `Could not be checked: ${error.message}`);
      throw error;
    }
  }

  return {
    discover,
    getApiBaseUrl,
    getSystemInfo,
    listCompanies,
    searchCompanies,
    findCompaniesByName,
    getCompany,
    listAgreements,
    getAgreement,
    listAdditions,
    createAddition,
    updateAddition,
    cancelAddition,
    findCatalogItemsByIdentifiers,
    getCatalogItem,
    createCatalogItem,
    updateCatalogItem,
    listProductTypes: () => listLookup("/procurement/types", "list product types"),
    listCategories: () => listLookup("/procurement/categories", "list product categories"),
    listSubcategories,
    listUnitsOfMeasure: () => listLookup("/procurement/unitOfMeasures", "list units of measure"),
    createUnitOfMeasure,
    probePermissions,
  };
}

function toDate(value: DateInput): Date {
  if (value instanceof Date) return value;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? `${value.trim()}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`"${value}" is not a date`);
  return date;
}

/**
 * The request that tells whether the member has each permission, without changing anything even on a real
 * tenant: Inquire reads one row; Add posts an empty record (its required company/contact or identifier,
 * subcategory and type cannot be defaulted, so validation refuses it); Edit patches record 0, which cannot
 * exist, with a patch that would itself fail validation (a required field emptied).
 */
const PERMISSION_PROBES: Record<PermissionName, Omit<ApiCall, "operation">> = {
  "Companies > Company Maintenance > Inquire": {
    method: "GET",
    path: "/company/companies",
    query: { pageSize: 1, fields: "id" },
  },
  "Finance > Agreements > Inquire": {
    method: "GET",
    path: "/finance/agreements",
    query: { pageSize: 1, fields: "id" },
  },
  "Finance > Agreements > Add": { method: "POST", path: "/finance/agreements", body: {} },
  "Finance > Agreements > Edit": {
    method: "PATCH",
    path: "/finance/agreements/0",
    body: [{ op: "replace", path: "name", value: "" }],
  },
  "Procurement > Product Catalog > Inquire": {
    method: "GET",
    path: "/procurement/catalog",
    query: { pageSize: 1, fields: "id" },
  },
  "Procurement > Product Catalog > Add": { method: "POST", path: "/procurement/catalog", body: {} },
  "Procurement > Product Catalog > Edit": {
    method: "PATCH",
    path: "/procurement/catalog/0",
    body: [{ op: "replace", path: "identifier", value: "" }],
  },
  "System > Table Setup > Inquire": { method: "GET", path: "/procurement/types", query: { pageSize: 1, fields: "id" } },
};

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
