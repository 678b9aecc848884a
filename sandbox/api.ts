// The ConnectWise API proper: discovery, authentication, security roles, routing and the handlers
// for list / count / get / create / replace / patch / delete. Transport-free: server.ts feeds it.
import type { IncomingHttpHeaders } from "node:http";
import {
  API_VERSION,
  BUNDLES_BODY,
  BUNDLES_STATUS,
  CLIENT_ID_MISSING_BODY,
  CLIENT_ID_MISSING_STATUS,
  CLIENT_ID_UNKNOWN_BODY,
  CLOUD_BAD_AUTH_STATUS,
  CODEBASE,
  COMPANY_ID_CASE_SENSITIVE,
  COMPANY_INFO_INCLUDES_SITE_URL,
  COMPANY_INFO_IS_CLOUD,
  COMPANY_INFO_VERSION_NUMBER,
  describeTooManyRequests,
  FORBIDDEN_BODY,
  HIDE_DELETED_COMPANIES,
  INVALID_JSON_BODY,
  LEGACY_CODEBASE,
  REJECT_MALFORMED_ACCEPT_VERSION,
  TOO_MANY_REQUESTS_ERROR,
  UNAUTHORIZED_BODY,
  UNKNOWN_ROUTE_BODY,
} from "./choices";
import { failMethodNotAllowed, failNotFound } from "./errors";
import { listPage, filterRecords, projectRecords, readQueryParameters, type QueryParameters } from "./list-query";
import type { Operator } from "./operator";
import { hasPermission, readLevelForMethod, type Member } from "./permissions";
import { createPresenter, type PresentContext } from "./present";
import { QueryError } from "./query/index";
import { matchRoute, type ResourceDefinition, type RouteMatch } from "./resources";
import type { Store, StoredRecord } from "./store";
import {
  createRecord,
  deleteRecord,
  findRecord,
  patchRecord,
  replaceRecord,
  type WriteContext,
  type WriteOutcome,
} from "./writes";

export interface ApiEnvironment {
  store: Store;
  members: readonly Member[];
  /** Names of members whose keys were revoked (their requests get 401 until restored). */
  revokedMembers?: ReadonlySet<string>;
  companyId: string;
  companyName: string;
  clientIds: readonly string[];
  operator: Operator;
  origin: string; // e.g. http://127.0.0.1:4010
  now(): Date;
}

export interface ApiRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

export interface ApiResponse {
  status: number;
  body?: unknown; // undefined = no body
  headers?: Record<string, string>;
  member?: string | null;
}

const API_PREFIX = new RegExp(
  `^/(${CODEBASE.replace("/", "")}|${LEGACY_CODEBASE.replace("/", "")})/apis/3\\.0(/.*)?$`,
  "i",
);
const COMPANY_INFO_PATH = /^\/login\/companyinfo\/([^/]+)\/?$/i;

export const COMPANY_INFO_TEMPLATE = "/login/companyinfo/{company}";
export const UNMATCHED_TEMPLATE = "(unmatched)";

// The path template used in logs and counters, for any request path.
export function describePathTemplate(path: string): string {
  if (COMPANY_INFO_PATH.test(path)) return COMPANY_INFO_TEMPLATE;
  const api = API_PREFIX.exec(path);
  if (!api) return UNMATCHED_TEMPLATE;
  return matchRoute(api[2] ?? "/")?.route.template ?? UNMATCHED_TEMPLATE;
}

function sameCompanyId(left: string, right: string): boolean {
  return COMPANY_ID_CASE_SENSITIVE ? left === right : left.toLowerCase() === right.toLowerCase();
}

function readHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function handleRequest(request: ApiRequest, environment: ApiEnvironment): ApiResponse {
  const path = request.url.pathname;
  const companyInfo = COMPANY_INFO_PATH.exec(path);
  if (companyInfo) return handleCompanyInfo(request, environment, decodeURIComponent(companyInfo[1]));
  const api = API_PREFIX.exec(path);
  if (!api) return { status: 404, body: UNKNOWN_ROUTE_BODY };
  const apiBase = `${environment.origin}/${api[1]}/apis/3.0`;
  return handleApiRequest(request, environment, api[2] ?? "/", apiBase);
}

function handleCompanyInfo(request: ApiRequest, environment: ApiEnvironment, company: string): ApiResponse {
  if (request.method !== "GET") return failureResponse(failMethodNotAllowed(request.method));
  if (!sameCompanyId(company, environment.companyId)) return { status: 200, body: null };
  return {
    status: 200,
    body: {
      CompanyName: environment.companyName,
      Codebase: CODEBASE,
      VersionCode: `v${API_VERSION}`,
      VersionNumber: COMPANY_INFO_VERSION_NUMBER,
      CompanyID: environment.companyId,
      IsCloud: COMPANY_INFO_IS_CLOUD,
      ...(COMPANY_INFO_INCLUDES_SITE_URL ? { SiteUrl: new URL(environment.origin).host } : {}),
    },
  };
}

export function authenticate(headers: IncomingHttpHeaders, environment: ApiEnvironment): Member | undefined {
  const authorization = readHeader(headers, "authorization");
  const match = authorization ? /^Basic\s+(\S+)$/i.exec(authorization) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  const username = decoded.slice(0, colon);
  const privateKey = decoded.slice(colon + 1);
  const plus = username.indexOf("+");
  if (plus < 0) return undefined;
  const company = username.slice(0, plus);
  const publicKey = username.slice(plus + 1);
  if (!sameCompanyId(company, environment.companyId)) return undefined;
  const member = environment.members.find(
    (candidate) => candidate.publicKey === publicKey && candidate.privateKey === privateKey,
  );
  return member && environment.revokedMembers?.has(member.name) ? undefined : member;
}

const ACCEPT_VERSION = /application\/vnd\.connectwise\.com\+json\s*;\s*version\s*=\s*([^,;\s]*)/i;

function checkAccept(headers: IncomingHttpHeaders): ApiResponse | undefined {
  const accept = readHeader(headers, "accept");
  const version = accept ? ACCEPT_VERSION.exec(accept)?.[1] : undefined;
  if (REJECT_MALFORMED_ACCEPT_VERSION && version !== undefined && !/^\d{4}\.\d{1,2}$/.test(version)) {
    return {
      status: 400,
      body: {
        code: "InvalidVersion",
        message: `The requested API version '${version}' is not valid. Use version=YYYY.N.`,
        errors: null,
      },
    };
  }
  return undefined;
}

function failureResponse(failure: { status: number; body: unknown }, member?: Member): ApiResponse {
  return { status: failure.status, body: failure.body, member: member?.name ?? null };
}

function handleApiRequest(
  request: ApiRequest,
  environment: ApiEnvironment,
  apiPath: string,
  apiBase: string,
): ApiResponse {
  const acceptFailure = checkAccept(request.headers);
  if (acceptFailure) return acceptFailure;
  const member = authenticate(request.headers, environment);
  if (!member) {
    if (environment.operator.settings.emulateCloud404OnBadAuth) return { status: CLOUD_BAD_AUTH_STATUS, member: null };
    return { status: 401, body: UNAUTHORIZED_BODY, member: null };
  }
  const clientId = readHeader(request.headers, "clientid");
  if (!clientId) return { status: CLIENT_ID_MISSING_STATUS, body: CLIENT_ID_MISSING_BODY, member: member.name };
  if (!environment.clientIds.some((accepted) => accepted.toLowerCase() === clientId.trim().toLowerCase())) {
    return { status: CLIENT_ID_MISSING_STATUS, body: CLIENT_ID_UNKNOWN_BODY, member: member.name };
  }
  const retryAfter = environment.operator.checkRateLimit(member.name, Date.now());
  if (retryAfter !== undefined) return describeTooManyRequestsResponse(retryAfter, member.name);
  const match = matchRoute(apiPath);
  if (!match) return { status: 404, body: UNKNOWN_ROUTE_BODY, member: member.name };
  if (!match.route.methods.includes(request.method)) {
    return {
      ...failureResponse(failMethodNotAllowed(request.method), member),
      headers: { allow: match.route.methods.join(", ") },
    };
  }
  const resource = match.route.resource;
  if (resource && !hasPermission(member, resource.module, readLevelForMethod(request.method))) {
    return { status: 403, body: FORBIDDEN_BODY, member: member.name };
  }
  try {
    const response = dispatch(request, environment, match, member, apiBase);
    return { ...response, member: member.name };
  } catch (error) {
    if (error instanceof QueryError) return { status: 400, body: error.toConnectWiseBody(), member: member.name };
    throw error;
  }
}

export function describeTooManyRequestsResponse(seconds: number, member: string | null): ApiResponse {
  return {
    status: 429,
    headers: { "retry-after": String(seconds) },
    body: { error: TOO_MANY_REQUESTS_ERROR, message: describeTooManyRequests(seconds) },
    member,
  };
}

function describeSystemInfo(): Record<string, unknown> {
  return {
    version: `v${API_VERSION}.12345`,
    isCloud: true,
    serverTimeZone: "Eastern Standard Time",
    licenseBits: [
      { name: "Agreements", activeFlag: true },
      { name: "Procurement", activeFlag: true },
      { name: "ServiceDesk", activeFlag: true },
    ],
    cloudRegion: "NA",
    maxWorkFlowRecordsAllowed: 1000,
  };
}

function dispatch(
  request: ApiRequest,
  environment: ApiEnvironment,
  match: RouteMatch,
  member: Member,
  apiBase: string,
): ApiResponse {
  const { route } = match;
  if (route.kind === "systemInfo") return { status: 200, body: describeSystemInfo() };
  if (route.kind === "bundles") return { status: BUNDLES_STATUS, body: BUNDLES_BODY };
  const resource = route.resource!;
  const parameters = readQueryParameters(request.url);
  const presentContext: PresentContext = { store: environment.store, apiBase, now: environment.now() };
  const writeContext: WriteContext = { store: environment.store, now: environment.now(), memberName: member.name };
  const present = createPresenter(resource, presentContext);
  const respondWith = (outcome: WriteOutcome, status: number): ApiResponse => {
    if (!outcome.ok) return { status: outcome.status, body: outcome.body };
    if (status === 204) return { status };
    return { status, body: projectRecords([present(outcome.record)], resource.schema, parameters)[0] };
  };
  switch (route.kind) {
    case "collection": {
      if (request.method === "POST") {
        const body = parseBody(request.rawBody);
        if (body === INVALID) return { status: 400, body: INVALID_JSON_BODY };
        return respondWith(createRecord(resource, match.parentId, body, writeContext), 201);
      }
      const records = listVisible(resource, environment.store, match.parentId);
      if (!records) return failureResponse(failNotFound(resource.parent!.label, match.parentId!));
      const forwardOnly = (readHeader(request.headers, "pagination-type") ?? "").toLowerCase() === "forward-only";
      const page = listPage(records.map(present) as never, resource.schema, parameters, forwardOnly, request.url);
      return { status: 200, body: page.items, headers: page.link ? { link: page.link } : undefined };
    }
    case "count": {
      const records = listVisible(resource, environment.store, match.parentId);
      if (!records) return failureResponse(failNotFound(resource.parent!.label, match.parentId!));
      return {
        status: 200,
        body: { count: filterRecords(records.map(present) as never, resource.schema, parameters).length },
      };
    }
    case "item": {
      const id = match.id!;
      switch (request.method) {
        case "GET": {
          if (resource.parent && !environment.store.get(resource.parent.table, match.parentId!)) {
            return failureResponse(failNotFound(resource.parent.label, match.parentId!));
          }
          const record = findRecord(resource, environment.store, match.parentId, id);
          if (!record) return failureResponse(failNotFound(resource.entityLabel, id));
          return { status: 200, body: projectRecords([present(record)], resource.schema, parameters)[0] };
        }
        case "PUT":
        case "PATCH": {
          const body = parseBody(request.rawBody);
          if (body === INVALID) return { status: 400, body: INVALID_JSON_BODY };
          const outcome =
            request.method === "PUT"
              ? replaceRecord(resource, match.parentId, id, body, writeContext)
              : patchRecord(resource, match.parentId, id, body, writeContext);
          return respondWith(outcome, 200);
        }
        case "DELETE":
          return respondWith(deleteRecord(resource, match.parentId, id, writeContext), 204);
      }
    }
  }
  return failureResponse(failMethodNotAllowed(request.method));
}

function listVisible(
  resource: ResourceDefinition,
  store: Store,
  parentId: number | undefined,
): StoredRecord[] | undefined {
  if (resource.parent) {
    if (!store.get(resource.parent.table, parentId!)) return undefined;
    if (resource.table === "additions" || resource.table === "adjustments")
      return store.listChildren(resource.table, parentId!);
    return store.list(resource.table).filter((record) => resource.parent!.matches(record, parentId!));
  }
  const records = store.list(resource.table);
  if (resource.table === "companies" && HIDE_DELETED_COMPANIES)
    return records.filter((record) => record.deletedFlag !== true);
  return records;
}

const INVALID = Symbol("invalid JSON");

function parseBody(rawBody: string): unknown {
  if (rawBody.trim() === "") return undefined;
  try {
    return JSON.parse(rawBody);
  } catch {
    return INVALID;
  }
}

export type { QueryParameters };
