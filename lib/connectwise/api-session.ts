/**
 * One signed-in session with a tenant's REST API: credentials, discovery (once), and the three request
 * shapes every resource uses (a call, a paged list, one record). The resources (companies.ts,
 * agreements.ts, catalog.ts, system.ts) are built on it.
 */
import { Condition, renderConditions } from "./conditions";
import { CONNECTWISE_ACCEPT_HEADER, resolveConnectWiseClientId } from "./config";
import { discoverCompany } from "./discovery";
import { UnexpectedResponseError } from "./errors";
import type { QueryValue } from "./http";
import { iterateForwardOnlyPages, iterateNavigablePages, PagedList, type PagePosition } from "./paging";
import { normalizeSite } from "./site";
import { createTransport, requireText, type ConnectWiseClientConfig } from "./transport";
import type { CompanyDiscovery } from "./types";

export const MAX_PAGE_SIZE = 1000;

export interface ApiCall {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  operation: string;
  notFoundMeansBadCredentials?: boolean;
}

export interface ListOptions<Wire, Domain> {
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

export interface ApiSession {
  /** The login site and company of this session, discovered once (or taken from config.apiBaseUrl). */
  discover(): Promise<CompanyDiscovery>;
  getApiBaseUrl(): Promise<string>;
  call<T>(request: ApiCall): Promise<{ data: T; headers: Headers; status: number }>;
  list<Wire extends { id: number }, Domain>(options: ListOptions<Wire, Domain>): PagedList<Domain>;
  getOne<Wire>(path: string, operation: string, fields?: string): Promise<Wire>;
}

export function checkId(id: number, what: string): number {
  if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError(`${what} must be a positive whole number, not ${id}`);
  return id;
}

export function createApiSession(config: ConnectWiseClientConfig): ApiSession {
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

  return { discover, getApiBaseUrl, call, list, getOne };
}
