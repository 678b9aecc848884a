// HTTP(S) transport: reads the request, applies latency and injected faults, hands the request to
// the API or the operator endpoints, writes ConnectWise's response headers, and logs the outcome.
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { handleAdminRequest, isLoopbackRequest, type AdminContext } from "./admin";
import {
  describePathTemplate,
  describeTooManyRequestsResponse,
  handleRequest,
  authenticate,
  type ApiResponse,
} from "./api";
import {
  ADMIN_PATH_PREFIX,
  API_CURRENT_VERSION_HEADER_VALUE,
  FAIL_NEXT_RETRY_AFTER_SECONDS,
  INTERNAL_ERROR_BODY,
  RESPONSE_CONTENT_TYPE,
  SERVER_NAME_HEADER_VALUE,
} from "./choices";
import type { FailureKind } from "./operator";

const MAXIMUM_BODY_BYTES = 10 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAXIMUM_BODY_BYTES) {
        reject(new Error("Request body too large"));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const outgoing: Record<string, string> = { ...headers };
  let payload: string | undefined;
  if (body !== undefined && status !== 204) {
    payload = JSON.stringify(body);
    outgoing["content-type"] = RESPONSE_CONTENT_TYPE;
    outgoing["content-length"] = String(Buffer.byteLength(payload));
  } else {
    outgoing["content-length"] = "0";
  }
  response.writeHead(status, outgoing);
  response.end(payload);
}

export function createRequestListener(
  context: AdminContext,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handle(request, response, context).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, INTERNAL_ERROR_BODY, {});
      else response.destroy();
      if (process.env.SANDBOX_DEBUG) console.error(error);
    });
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, context: AdminContext): Promise<void> {
  const { runtime } = context;
  const started = performance.now();
  const method = (request.method ?? "GET").toUpperCase();
  const url = new URL(request.url ?? "/", runtime.origin);
  const rawBody = await readBody(request);

  if (url.pathname === ADMIN_PATH_PREFIX || url.pathname.startsWith(`${ADMIN_PATH_PREFIX}/`)) {
    if (!isLoopbackRequest(request)) {
      send(response, 403, { message: "Operator endpoints answer loopback requests only." }, {});
      return;
    }
    const result = handleAdminRequest(method, url, rawBody, context);
    send(response, result.status, result.body, {});
    return;
  }

  const latency = runtime.operator.readLatency();
  if (latency > 0) await sleep(latency);

  const requestId = crypto.randomUUID();
  const headers: Record<string, string> = {
    "api-current-version": API_CURRENT_VERSION_HEADER_VALUE,
    "x-cw-request-id": requestId,
    "x-server-name": SERVER_NAME_HEADER_VALUE,
  };
  const log = (status: number, member: string | null, fault?: FailureKind) =>
    runtime.operator.record({
      at: new Date().toISOString(),
      method,
      path: url.pathname,
      pathTemplate: describePathTemplate(url.pathname),
      query: url.search,
      status,
      member,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      fault,
      requestId,
    });

  const fault = runtime.operator.takeFault(method, url.pathname);
  // The member is logged even for injected failures, so per-member counts stay meaningful.
  const knownMember = () => authenticate(request.headers, runtime)?.name ?? null;
  if (fault === "drop") {
    request.socket.destroy();
    log(0, knownMember(), fault);
    return;
  }
  if (fault === "500") {
    send(response, 500, INTERNAL_ERROR_BODY, headers);
    log(500, knownMember(), fault);
    return;
  }
  if (fault === "429") {
    const throttled = describeTooManyRequestsResponse(FAIL_NEXT_RETRY_AFTER_SECONDS, knownMember());
    send(response, 429, throttled.body, { ...headers, ...throttled.headers });
    log(429, throttled.member ?? null, fault);
    return;
  }

  const result: ApiResponse = handleRequest({ method, url, headers: request.headers, rawBody }, runtime);
  if (fault === "ghost-drop") {
    // The write happened; the client never hears about it.
    request.socket.destroy();
    log(0, result.member ?? null, fault);
    return;
  }
  if (fault === "ghost-500") {
    send(response, 500, INTERNAL_ERROR_BODY, headers);
    log(500, result.member ?? null, fault);
    return;
  }
  send(response, result.status, result.body, { ...headers, ...result.headers });
  log(result.status, result.member ?? null);
}
