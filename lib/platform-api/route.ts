/**
 * The one way a platform API route handler is written: authenticate the token (scope), count it against
 * the rate limit, read the JSON body (10 MB at most), honour `Idempotency-Key`, run, and answer JSON or
 * a problem document, each request logged once. Handlers stay thin: parse with lib/schemas/platform-api.ts, call lib/platform.
 */
import type { Database } from "@/db";
import { getDb } from "@/db";
import { SafeError } from "@/lib/errors";
import { authenticateApiRequest, type ApiCaller, type ApiScope } from "./authenticate";
import { claimIdempotencyKey, completeIdempotencyKey, hashRequest, readIdempotencyKey } from "./idempotency";
import { buildProblem, ProblemError } from "./problem";
import { enforceApiRateLimit } from "./rate-limit";
import { readJsonBody } from "./request-body";
import { errorFields, getLogger } from "@/lib/logging/logger";
import { withRequestLog } from "@/lib/logging/request-log";

export interface PlatformRequest<Params> {
  db: Database;
  caller: ApiCaller;
  request: Request;
  url: URL;
  params: Params;
  /** The parsed JSON body of a POST or PUT. */
  body: unknown;
}

export interface PlatformResult {
  status: number;
  /** Omitted for 204. */
  body?: unknown;
  /** A CSV answer instead of JSON: its text and download file name. */
  csv?: { text: string; filename: string };
}

function jsonResponse(result: PlatformResult, headers: Record<string, string> = {}): Response {
  if (result.csv)
    return new Response(result.csv.text, {
      status: result.status,
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${result.csv.filename}"`,
        ...headers,
      },
    });
  if (result.body === undefined) return new Response(null, { status: result.status, headers });
  const isProblem = result.status >= 400;
  return new Response(JSON.stringify(result.body), {
    status: result.status,
    headers: {
      "content-type": isProblem ? "application/problem+json; charset=utf-8" : "application/json; charset=utf-8",
      ...headers,
    },
  });
}

function toResult(error: unknown): { result: PlatformResult; headers: Record<string, string> } {
  if (error instanceof ProblemError)
    return {
      result: { status: error.status, body: buildProblem(error.status, error.detail, error.errors) },
      headers: error.headers,
    };
  if (error instanceof SafeError) {
    const status = error.code === "not-found" ? 404 : 409;
    return { result: { status, body: buildProblem(status, error.message) }, headers: {} };
  }
  getLogger().error(errorFields(error), "platform API request failed");
  return {
    result: { status: 500, body: buildProblem(500, "Something went wrong on our side. Retry the request.") },
    headers: {},
  };
}

export function platformRoute<Params extends Record<string, string> = Record<string, never>>(
  options: { scope: ApiScope },
  handler: (context: PlatformRequest<Params>) => Promise<PlatformResult>,
) {
  return withRequestLog(null, async (request: Request, segment: { params: Promise<Params> }): Promise<Response> => {
    const db = getDb();
    let caller: ApiCaller;
    try {
      caller = await authenticateApiRequest(db, request, options.scope);
      await enforceApiRateLimit(db, { tokenId: caller.token.id });
    } catch (error) {
      const { result, headers } = toResult(error);
      return jsonResponse(result, headers);
    }
    const url = new URL(request.url);
    const writes = request.method === "POST" || request.method === "PUT" || request.method === "DELETE";
    let idempotencyKey: string | null = null;
    try {
      const params = (await segment.params) ?? ({} as Params);
      let body: unknown = undefined;
      let bodyText = "";
      if (request.method === "POST" || request.method === "PUT") {
        const read = await readJsonBody(request);
        body = read.value;
        bodyText = read.text;
      }
      if (writes) {
        idempotencyKey = readIdempotencyKey(request);
        if (idempotencyKey !== null) {
          const stored = await claimIdempotencyKey(db, {
            tokenId: caller.token.id,
            key: idempotencyKey,
            method: request.method,
            path: url.pathname,
            requestHash: hashRequest(request.method, url.pathname, bodyText),
          });
          if (stored) {
            const replayKey = idempotencyKey;
            idempotencyKey = null;
            return jsonResponse(stored.body === null ? { status: stored.status } : stored, {
              "idempotency-replayed": "true",
              "idempotency-key": replayKey,
            });
          }
        }
      }
      const result = await handler({ db, caller, request, url, params, body });
      if (idempotencyKey !== null)
        await completeIdempotencyKey(db, { tokenId: caller.token.id, key: idempotencyKey, response: result });
      return jsonResponse(result);
    } catch (error) {
      const { result, headers } = toResult(error);
      if (idempotencyKey !== null)
        await completeIdempotencyKey(db, { tokenId: caller.token.id, key: idempotencyKey, response: result }).catch(
          (failure) => getLogger().error(errorFields(failure), "could not record the idempotent response"),
        );
      return jsonResponse(result, headers);
    }
  });
}
