/**
 * The HTTP layer under the ConnectWise client: ofetch over the guarded transport, with ConnectWise's headers,
 * timeouts, the retry rules of retry.ts, an optional shared limiter around every attempt, and a record of every
 * attempt for run logs. Failures leave here as typed errors (errors.ts); nothing above sees a status code.
 */
import { createFetch, type $Fetch } from "ofetch";
import { mapErrorResponse, summarizeRequest } from "./error-mapping";
import { ConnectWiseError, SiteUnreachableError, UnexpectedResponseError, type UnreachableReason } from "./errors";
import { createGuardedFetch, TransportError } from "./guarded-fetch";
import {
  computeRateLimitWait,
  decideRetry,
  isSafeToRepeat,
  parseRetryAfterSeconds,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
} from "./retry";
import type { ResolveHostname } from "./site-safety";

/**
 * Wraps every HTTP attempt, so that all calls of one connection can share a concurrency cap and a
 * requests-per-minute budget. Backoff sleeps happen outside it.
 */
export interface RequestLimiter {
  schedule<T>(task: () => Promise<T>): Promise<T>;
  /** Told when ConnectWise answered 429, with the wait we are about to honour, so it can slow everyone down. */
  notifyRateLimited?(waitMs: number): void;
}

/** One HTTP attempt, for run logs (no query string, no headers, no bodies). */
export interface ConnectWiseRequestRecord {
  method: string;
  path: string;
  /** HTTP status, or null when no answer arrived. */
  status: number | null;
  durationMs: number;
  /** 1 for the first attempt of a request, 2 for its first retry... */
  attempt: number;
  /** Transport failure code (TIMEOUT, ECONNREFUSED, ECONNRESET...) when status is null. */
  errorCode: string | null;
  startedAt: Date;
}

export interface HttpOptions {
  allowPrivateHosts: boolean;
  /** Per attempt, covering connection, request and the whole response. */
  timeoutMs?: number;
  retryPolicy?: Partial<RetryPolicy>;
  limiter?: RequestLimiter;
  onRequest?: (record: ConnectWiseRequestRecord) => void;
  /** Injected in tests so that backoff can be checked without waiting. */
  sleep?: (milliseconds: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  resolveHostname?: ResolveHostname;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Absolute URL. */
  url: string;
  /** For records and messages: the path relative to the API base. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  body?: unknown;
  /** What we were doing, for messages: "create an addition on agreement 12". */
  operation?: string;
  notFoundMeansBadCredentials?: boolean;
  timeoutMs?: number;
}

export interface HttpResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * RFC 3986 encoding of each query value (spaces as %20, quotes and apostrophes encoded), which every decoder
 * reads back identically; ConnectWise's conditions carry quotes, ampersands and brackets.
 */
export function buildQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return "";
  const encode = (text: string) =>
    encodeURIComponent(text).replace(
      /[!'()*]/g,
      (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    parts.push(`${encode(name)}=${encode(String(value))}`);
  }
  return parts.length > 0 ? `?${parts.join("&")}` : "";
}

const TLS_CODES =
  /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|HOSTNAME_MISMATCH|ERR_TLS_CERT_ALTNAME_INVALID)/;

function classifyTransportError(error: TransportError): UnreachableReason {
  const code = error.code.toUpperCase();
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NODATA" || code === "EAI_NONAME") return "dns";
  if (code === "ECONNREFUSED") return "refused";
  if (code === "TIMEOUT" || code === "ETIMEDOUT") return "timeout";
  if (code === "ECONNRESET" || code === "EPIPE" || code === "ECONNABORTED" || /hang up/i.test(error.message))
    return "reset";
  if (TLS_CODES.test(code)) return "tls";
  return "network";
}

function describeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the ConnectWise site";
  }
}

/** The typed error for a request that got no answer. */
export function mapTransportError(
  error: TransportError,
  request: Pick<HttpRequest, "method" | "url" | "path" | "operation" | "timeoutMs">,
): SiteUnreachableError {
  const reason = classifyTransportError(error);
  const host = describeHost(request.url);
  const operation = request.operation ?? `${request.method} ${request.path.split("?")[0]}`;
  const outcomeUnknown =
    !isSafeToRepeat(request.method) &&
    error.mayHaveReachedServer &&
    reason !== "dns" &&
    reason !== "refused" &&
    reason !== "tls";
  const unknownNote = outcomeUnknown ? " The change may or may not have been applied: reload before trying again." : "";
  const details = { request: summarizeRequest(request.method, request.path), outcomeUnknown, cause: error };
  switch (reason) {
    case "dns":
      return new SiteUnreachableError(
        `The ConnectWise site ${host} could not be found (no DNS record). Check the spelling: it is the host of your ConnectWise login page, for example na.myconnectwise.net.`,
        reason,
        details,
      );
    case "refused":
      return new SiteUnreachableError(
        `Nothing accepted the connection at ${host}. Check the site URL; if it is right, the ConnectWise server may be down.`,
        reason,
        details,
      );
    case "timeout": {
      const seconds = Math.round((request.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000);
      return new SiteUnreachableError(
        `ConnectWise at ${host} did not answer within ${seconds} seconds when Billbridge tried to ${operation}.${unknownNote}`,
        reason,
        details,
      );
    }
    case "reset":
      return new SiteUnreachableError(
        `The connection to ConnectWise at ${host} closed before an answer arrived when Billbridge tried to ${operation}.${unknownNote}`,
        reason,
        details,
      );
    case "tls":
      return new SiteUnreachableError(
        `The secure connection to ${host} failed (${error.code}): the server's certificate is not valid for this address. Check the site URL.`,
        reason,
        details,
      );
    default:
      return new SiteUnreachableError(
        `Billbridge could not reach ConnectWise at ${host} (${error.code}) when it tried to ${operation}.${unknownNote}`,
        reason,
        details,
      );
  }
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const defaultSleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

export interface HttpClient {
  send<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
}

export function createHttpClient(options: HttpOptions): HttpClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy };
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const limiter = options.limiter;
  const $fetch: $Fetch = createFetch({
    fetch: createGuardedFetch({
      allowPrivateHosts: options.allowPrivateHosts,
      resolveHostname: options.resolveHostname,
    }),
  });

  async function attemptOnce(request: HttpRequest, url: string, timeoutMs: number) {
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const headers: Record<string, string> = { ...request.headers };
    if (body !== undefined) headers["content-type"] = "application/json";
    return await $fetch.raw<string, "text">(url, {
      method: request.method,
      headers,
      body,
      timeout: timeoutMs,
      retry: false,
      ignoreResponseError: true,
      responseType: "text",
    });
  }

  async function send<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    const url = request.url + buildQueryString(request.query);
    const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const recordPath = request.path.split("?")[0];
    let failedAttempts = 0;
    let rateLimitCount = 0;
    for (let attempt = 1; ; attempt++) {
      const startedAt = now();
      let response: Awaited<ReturnType<typeof attemptOnce>> | undefined;
      let transportError: TransportError | undefined;
      try {
        const run = () => attemptOnce(request, url, timeoutMs);
        response = limiter ? await limiter.schedule(run) : await run();
      } catch (error) {
        // ofetch wraps transport failures in a FetchError whose options hold the request headers
        // (Authorization included), so only the transport's own error is kept, never the wrapper.
        const cause =
          error instanceof Error && !(error instanceof ConnectWiseError) && !(error instanceof TransportError)
            ? (error.cause ?? error)
            : error;
        if (cause instanceof ConnectWiseError) throw cause;
        transportError =
          cause instanceof TransportError
            ? cause
            : new TransportError(
                cause instanceof Error && !("options" in cause) ? cause.message : "The request failed",
                "NETWORK",
                true,
              );
      }
      options.onRequest?.({
        method: request.method,
        path: recordPath,
        status: response?.status ?? null,
        durationMs: Math.max(0, now() - startedAt),
        attempt,
        errorCode: transportError?.code ?? null,
        startedAt: new Date(startedAt),
      });

      if (transportError || !response) {
        failedAttempts++;
        const decision = decideRetry(
          request.method,
          { kind: "network-error" },
          { failedAttempts, rateLimitCount },
          policy,
          random,
        );
        if (decision.retry) {
          await sleep(decision.delayMs);
          continue;
        }
        throw mapTransportError(transportError ?? new TransportError("No response", "NETWORK", true), {
          ...request,
          timeoutMs,
        });
      }

      const status = response.status;
      const retryAfterSeconds =
        status === 429 ? parseRetryAfterSeconds(response.headers.get("retry-after"), now()) : null;
      if (status === 429) rateLimitCount++;
      else if (status >= 500) failedAttempts++;
      const body = parseBody(response._data ?? "");

      if (status >= 200 && status < 300) {
        if (typeof body === "string") {
          throw new UnexpectedResponseError(
            `ConnectWise answered ${request.method} ${recordPath} with something that is not JSON. Check that the site is the host of your ConnectWise login page.`,
            { status, request: summarizeRequest(request.method, recordPath) },
          );
        }
        return { status, data: body as T, headers: response.headers };
      }
      if (status >= 300 && status < 400) {
        throw mapErrorResponse({
          status,
          body,
          method: request.method,
          path: recordPath,
          operation: request.operation,
        });
      }
      const decision = decideRetry(
        request.method,
        { kind: "response", status, retryAfterSeconds },
        { failedAttempts, rateLimitCount },
        policy,
        random,
      );
      if (status === 429) {
        // Even when giving up, the limiter should hold the connection's other calls back for the wait.
        limiter?.notifyRateLimited?.(
          decision.retry ? decision.delayMs : computeRateLimitWait(retryAfterSeconds, rateLimitCount, policy),
        );
      }
      if (decision.retry) {
        await sleep(decision.delayMs);
        continue;
      }
      throw mapErrorResponse({
        status,
        body,
        method: request.method,
        path: recordPath,
        operation: request.operation,
        retryAfterSeconds,
        notFoundMeansBadCredentials: request.notFoundMeansBadCredentials,
      });
    }
  }

  return { send };
}
