// Operator endpoints under /__sandbox (a path real ConnectWise does not have). No ConnectWise auth;
// loopback clients and loopback Host headers only.
import type { IncomingMessage } from "node:http";
import { ADMIN_PATH_PREFIX } from "./choices";
import { FAILURE_KINDS, type FailureKind, type SandboxSettings } from "./operator";
import type { SandboxRuntime } from "./runtime";
import { StateError, type SandboxState } from "./state";

export interface AdminResponse {
  status: number;
  body?: unknown;
}

export interface AdminContext {
  runtime: SandboxRuntime;
  state: SandboxState;
  describe(): Record<string, unknown>; // the SANDBOX line's content
}

const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

export function isLoopbackRequest(request: IncomingMessage): boolean {
  const address = request.socket.remoteAddress ?? "";
  const host = request.headers.host ?? "";
  return LOOPBACK_ADDRESS.test(address) && LOOPBACK_HOST.test(host);
}

function readJson(rawBody: string): unknown {
  if (rawBody.trim() === "") return {};
  return JSON.parse(rawBody);
}

function readNumber(text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value)) throw new StateError(400, { message: `Not an id: ${text}` });
  return value;
}

export function handleAdminRequest(method: string, url: URL, rawBody: string, context: AdminContext): AdminResponse {
  const { runtime, state } = context;
  const path = url.pathname.slice(ADMIN_PATH_PREFIX.length).replace(/\/$/, "") || "/";
  const segments = path.split("/").filter(Boolean);
  const route =
    segments[0] === "members" && segments.length === 3
      ? `${method} /members/{name}/${segments[2]}`
      : `${method} /${segments.map((segment) => (/^\d+$/.test(segment) ? "{id}" : segment)).join("/")}`;
  const ids = segments.filter((segment) => /^\d+$/.test(segment)).map(Number);
  try {
    switch (route) {
      case "GET /":
        return {
          status: 200,
          body: { ...context.describe(), settings: runtime.operator.settings, scenario: runtime.options },
        };
      case "GET /requests":
        return { status: 200, body: runtime.operator.requests() };
      case "DELETE /requests":
        runtime.operator.clearLog();
        return { status: 204 };
      case "GET /counters":
        return { status: 200, body: runtime.operator.counters() };
      case "POST /reset":
        runtime.reset();
        return { status: 204 };
      case "GET /settings":
        return { status: 200, body: runtime.operator.settings };
      case "PUT /settings":
      case "PATCH /settings":
      case "POST /settings":
        runtime.operator.configure(readJson(rawBody) as Partial<SandboxSettings>);
        return { status: 200, body: runtime.operator.settings };
      case "POST /fail-next": {
        const body = readJson(rawBody) as {
          count?: number;
          kind?: FailureKind;
          filter?: { method?: string; pathIncludes?: string };
        };
        runtime.operator.failNext(body.count ?? 1, body.kind ?? "500", body.filter);
        return { status: 204 };
      }
      case "GET /state/companies":
        return { status: 200, body: state.companies() };
      case "POST /state/companies":
        return { status: 201, body: state.addCompany(readJson(rawBody) as Record<string, unknown>) };
      case "GET /state/companies/{id}":
        return respondWithRecord(state.company(ids[0]));
      case "DELETE /state/companies/{id}":
        state.deleteCompany(ids[0]);
        return { status: 204 };
      case "GET /state/agreements": {
        const companyId = url.searchParams.get("companyId");
        return { status: 200, body: state.agreements(companyId === null ? undefined : readNumber(companyId)) };
      }
      case "POST /state/agreements":
        return { status: 201, body: state.addAgreement(readJson(rawBody) as Record<string, unknown>) };
      case "GET /state/agreements/{id}":
        return respondWithRecord(state.agreement(ids[0]));
      case "DELETE /state/agreements/{id}":
        state.deleteAgreement(ids[0]);
        return { status: 204 };
      case "POST /state/agreements/{id}/cancel":
        return { status: 200, body: state.cancelAgreement(ids[0]) };
      case "GET /state/agreements/{id}/additions":
        return { status: 200, body: state.additions(ids[0]) };
      case "POST /state/agreements/{id}/additions":
        return { status: 201, body: state.addAddition(ids[0], readJson(rawBody) as Record<string, unknown>) };
      case "GET /state/agreements/{id}/additions/{id}":
        return respondWithRecord(state.addition(ids[0], ids[1]));
      case "PATCH /state/agreements/{id}/additions/{id}":
        return {
          status: 200,
          body: state.updateAddition(ids[0], ids[1], readJson(rawBody) as Record<string, unknown>),
        };
      case "DELETE /state/agreements/{id}/additions/{id}":
        state.deleteAddition(ids[0], ids[1]);
        return { status: 204 };
      case "POST /members/{name}/revoke":
      case "POST /members/{name}/restore":
        runtime.setMemberKeysRevoked(decodeURIComponent(segments[1]), segments[2] === "revoke");
        return { status: 204 };
      case "GET /state/catalog":
        return { status: 200, body: state.catalogItems() };
      case "POST /state/catalog":
        return { status: 201, body: state.addCatalogItem(readJson(rawBody) as Record<string, unknown>) };
      case "GET /state/catalog/{id}":
        return respondWithRecord(state.catalogItem(ids[0]));
      case "PATCH /state/catalog/{id}":
        return { status: 200, body: state.updateCatalogItem(ids[0], readJson(rawBody) as Record<string, unknown>) };
    }
    if (method === "GET" && segments.length === 2 && segments[0] === "state")
      return { status: 200, body: state.records(segments[1]) };
    return {
      status: 404,
      body: { message: `No operator endpoint ${method} ${url.pathname}. Failure kinds: ${FAILURE_KINDS.join(", ")}` },
    };
  } catch (error) {
    if (error instanceof StateError) return { status: error.status, body: error.body };
    if (error instanceof SyntaxError || error instanceof Error)
      return { status: 400, body: { message: error.message } };
    throw error;
  }
}

function respondWithRecord(record: unknown): AdminResponse {
  return record === undefined ? { status: 404, body: { message: "Not found" } } : { status: 200, body: record };
}
