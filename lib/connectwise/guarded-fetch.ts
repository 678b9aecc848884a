/**
 * The `fetch` that ofetch uses for every ConnectWise call. It is built on node:http(s) rather than the global
 * fetch for two reasons:
 * - the address check runs inside the socket's DNS lookup, so the address that was checked is the address
 *   connected to (a host name cannot resolve to a public address for the check and a private one for the
 *   connection), and redirects are never followed;
 * - it knows whether a connection was ever established, which tells a write that certainly did not reach
 *   ConnectWise (refused, no DNS) from one whose outcome is unknown (reset or timeout after sending).
 * Responses are read completely before they are returned, so the caller's timeout covers the whole exchange.
 */
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { TLSSocket } from "node:tls";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { ConnectWiseError, SiteNotAllowedError } from "./errors";
import { findAddressRefusal, resolveHostnameWithSystemDns, type ResolveHostname } from "./site-safety";

export interface GuardedFetchOptions {
  allowPrivateHosts: boolean;
  /** Replaces system DNS (tests of the guard); the default is the operating system's resolver. */
  resolveHostname?: ResolveHostname;
  /** Largest response body accepted, after decompression. */
  maxResponseBytes?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * A network failure, with whether the request may have reached the server. Never carries request headers.
 */
export class TransportError extends Error {
  readonly code: string;
  readonly mayHaveReachedServer: boolean;

  constructor(message: string, code: string, mayHaveReachedServer: boolean, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "TransportError";
    this.code = code;
    this.mayHaveReachedServer = mayHaveReachedServer;
  }
}

function createGuardedLookup(protocol: "http:" | "https:", options: GuardedFetchOptions): LookupFunction {
  const resolveHostname = options.resolveHostname ?? resolveHostnameWithSystemDns;
  return (hostname, lookupOptions, callback) => {
    resolveHostname(hostname).then(
      (addresses) => {
        const refusal = findAddressRefusal({ protocol, hostname, addresses }, options);
        if (refusal) {
          callback(new SiteNotAllowedError(refusal, addresses) as unknown as NodeJS.ErrnoException, "", 0);
          return;
        }
        const requestedFamily =
          lookupOptions.family === "IPv4" ? 4 : lookupOptions.family === "IPv6" ? 6 : lookupOptions.family;
        const entries = addresses
          .map((address) => ({ address, family: isIP(address) }))
          .filter((entry) => !requestedFamily || entry.family === requestedFamily);
        if (entries.length === 0) {
          const error = Object.assign(new Error(`No address of the requested family for ${hostname}`), {
            code: "ENOTFOUND",
          });
          callback(error, "", 0);
          return;
        }
        if (lookupOptions.all) callback(null, entries);
        else callback(null, entries[0].address, entries[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}

const sharedAgents = new Map<string, http.Agent>();

function getAgent(protocol: "http:" | "https:", options: GuardedFetchOptions): http.Agent {
  const create = () => {
    const agentOptions = { keepAlive: true, maxSockets: 32, lookup: createGuardedLookup(protocol, options) };
    return protocol === "https:" ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  };
  // Agents with a custom resolver are private to their fetch; the system-DNS ones are shared so that
  // connections to the same tenant are reused across clients.
  if (options.resolveHostname) return create();
  const key = `${protocol}|${options.allowPrivateHosts}`;
  let agent = sharedAgents.get(key);
  if (!agent) {
    agent = create();
    sharedAgents.set(key, agent);
  }
  return agent;
}

/** Closes idle keep-alive connections (process shutdown, end of a test file). */
export function closeIdleConnectWiseConnections(): void {
  for (const agent of sharedAgents.values()) agent.destroy();
  sharedAgents.clear();
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function describeAbort(reason: unknown, mayHaveReachedServer: boolean): TransportError {
  if (reason instanceof Error && reason.name === "TimeoutError") {
    return new TransportError("The request timed out", "TIMEOUT", mayHaveReachedServer, reason);
  }
  return new TransportError("The request was aborted", "ABORTED", mayHaveReachedServer, reason);
}

function toTransportError(error: unknown, mayHaveReachedServer: boolean): Error {
  if (error instanceof ConnectWiseError || error instanceof TransportError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "NETWORK";
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError(message, code, mayHaveReachedServer, error);
}

function decodeBody(body: Buffer, encoding: string | null, maxBytes: number): Buffer {
  switch ((encoding ?? "").trim().toLowerCase()) {
    case "":
    case "identity":
      return body;
    case "gzip":
    case "x-gzip":
      return gunzipSync(body, { maxOutputLength: maxBytes });
    case "deflate":
      return inflateSync(body, { maxOutputLength: maxBytes });
    case "br":
      return brotliDecompressSync(body, { maxOutputLength: maxBytes });
    default:
      throw new TransportError(`Unsupported content encoding "${encoding}"`, "EBADENCODING", true);
  }
}

function readRequestUrl(input: RequestInfo | URL): URL {
  if (typeof input === "string") return new URL(input);
  if (input instanceof URL) return input;
  return new URL(input.url);
}

export function createGuardedFetch(options: GuardedFetchOptions): typeof fetch {
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  const guardedFetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = readRequestUrl(input);
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new SiteNotAllowedError(
        `The ConnectWise site must be an https:// address; ${url.protocol.replace(/:$/, "")} is not supported.`,
      );
    }
    const protocol = url.protocol;
    // IP literals never reach the DNS lookup, so they are checked here.
    const literal = url.hostname.replace(/^\[|\]$/g, "");
    if (isIP(literal) !== 0) {
      const refusal = findAddressRefusal({ protocol, hostname: url.hostname, addresses: [literal] }, options);
      if (refusal) throw new SiteNotAllowedError(refusal, [literal]);
    }
    if (init.body != null && typeof init.body !== "string") {
      throw new TypeError("The ConnectWise transport only sends string bodies");
    }
    const body = init.body ?? undefined;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    headers["accept-encoding"] = "gzip, deflate, br";
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    const signal = init.signal ?? undefined;
    const agent = getAgent(protocol, options);

    return await new Promise<Response>((resolve, reject) => {
      let connected = false;
      let settled = false;
      let response: http.IncomingMessage | undefined;
      const request = (protocol === "https:" ? https : http).request(url, {
        method: init.method ?? "GET",
        headers,
        agent,
      });

      const finish = (outcome: { response: Response } | { error: Error }) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        if ("response" in outcome) resolve(outcome.response);
        else reject(outcome.error);
      };
      const onAbort = () => {
        const error = describeAbort(signal?.reason, connected);
        finish({ error });
        response?.destroy();
        request.destroy();
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener("abort", onAbort, { once: true });

      request.on("socket", (socket) => {
        if (!socket.connecting && (!(socket instanceof TLSSocket) || socket.encrypted)) {
          connected = true;
          return;
        }
        socket.once(socket instanceof TLSSocket ? "secureConnect" : "connect", () => {
          connected = true;
        });
      });
      request.on("error", (error) => finish({ error: toTransportError(error, connected) }));
      request.on("response", (incoming) => {
        response = incoming;
        const chunks: Buffer[] = [];
        let received = 0;
        incoming.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxResponseBytes) {
            finish({ error: new TransportError(`The response exceeded ${maxResponseBytes} bytes`, "ETOOLARGE", true) });
            incoming.destroy();
            request.destroy();
            return;
          }
          chunks.push(chunk);
        });
        incoming.on("error", (error) => finish({ error: toTransportError(error, true) }));
        incoming.on("aborted", () =>
          finish({ error: new TransportError("The connection closed mid-response", "ECONNRESET", true) }),
        );
        incoming.on("end", () => {
          try {
            const status = incoming.statusCode ?? 0;
            if (status < 200 || status > 599) {
              throw new TransportError(`Unexpected HTTP status ${status}`, "EBADSTATUS", true);
            }
            const responseHeaders = new Headers();
            for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
              const name = incoming.rawHeaders[index];
              if (name.toLowerCase() === "content-encoding" || name.toLowerCase() === "content-length") continue;
              try {
                responseHeaders.append(name, incoming.rawHeaders[index + 1]);
              } catch {
                // A header value fetch's Headers cannot hold is not one we read.
              }
            }
            const raw = Buffer.concat(chunks);
            const decoded = NULL_BODY_STATUSES.has(status)
              ? null
              : decodeBody(raw, incoming.headers["content-encoding"] ?? null, maxResponseBytes);
            finish({
              response: new Response(decoded ? new Uint8Array(decoded) : null, {
                status,
                statusText: incoming.statusMessage ?? "",
                headers: responseHeaders,
              }),
            });
          } catch (error) {
            finish({ error: toTransportError(error, true) });
          }
        });
      });
      request.end(body);
    });
  };
  return guardedFetch as typeof fetch;
}
