import { getLogger } from "./logger";

/**
 * Wraps a route handler so every request is logged once: method, route, path (without the query
 * string, which may hold ids), status and duration. Headers and bodies are never logged.
 */
export function withRequestLog<Incoming extends Request, Args extends unknown[]>(
  /** The route's pattern (e.g. "/api/auth/[...nextauth]"); null logs the path only. */
  route: string | null,
  handler: (request: Incoming, ...rest: Args) => Promise<Response>,
): (request: Incoming, ...rest: Args) => Promise<Response> {
  return async (request, ...rest) => {
    const started = performance.now();
    const path = new URL(request.url).pathname;
    const durationMs = () => Math.round(performance.now() - started);
    try {
      const response = await handler(request, ...rest);
      const line = {
        request: { method: request.method, ...(route ? { route } : {}), path, status: response.status },
        durationMs: durationMs(),
      };
      if (response.status >= 500) getLogger().warn(line, `${request.method} ${path} ${response.status}`);
      else getLogger().info(line, `${request.method} ${path} ${response.status}`);
      return response;
    } catch (error) {
      getLogger().error(
        {
          request: { method: request.method, ...(route ? { route } : {}), path, status: 500 },
          durationMs: durationMs(),
          error: { name: error instanceof Error ? error.name : "Error" },
        },
        `${request.method} ${path} failed`,
      );
      throw error;
    }
  };
}
