// A tiny fetch wrapper speaking to a running sandbox the way a ConnectWise client would.
import type { Sandbox } from "@/sandbox/index";

export const ACCEPT = "application/vnd.connectwise.com+json; version=2025.8";

export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export function encodeBasic(companyId: string, publicKey: string, privateKey: string): string {
  return `Basic ${Buffer.from(`${companyId}+${publicKey}:${privateKey}`).toString("base64")}`;
}

// Test bodies are whatever ConnectWise answers; tests read them loosely and assert on values.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseJson = any;

export function createClient(sandbox: Sandbox, memberName = "integration", options: { prefix?: string } = {}) {
  const member = sandbox.member(memberName);
  const base = `${sandbox.url}/${options.prefix ?? sandbox.codebase}apis/3.0`;
  const headers: Record<string, string> = {
    authorization: encodeBasic(sandbox.companyId, member.publicKey, member.privateKey),
    clientId: sandbox.clientId,
    accept: ACCEPT,
  };
  async function call<T = LooseJson>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<CallResult<T>> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }), ...extraHeaders },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text === "" ? undefined : JSON.parse(text)) as T,
    };
  }
  return {
    base,
    headers,
    call,
    get: <T = LooseJson>(path: string, extraHeaders?: Record<string, string>) =>
      call<T>("GET", path, undefined, extraHeaders),
    post: <T = LooseJson>(path: string, body: unknown) => call<T>("POST", path, body),
    put: <T = LooseJson>(path: string, body: unknown) => call<T>("PUT", path, body),
    patch: <T = LooseJson>(path: string, body: unknown) => call<T>("PATCH", path, body),
    delete: <T = LooseJson>(path: string) => call<T>("DELETE", path),
  };
}

export function conditions(text: string): string {
  return encodeURIComponent(text);
}
