import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getLogger } from "@/lib/logging/logger";
import { isMetricsRequestAuthorized, renderMetrics } from "./serve-metrics";

/**
 * A worker process has no web server, so with METRICS_PORT it serves its own metrics on
 * `GET /metrics` (same METRICS_TOKEN bearer as the console's /api/metrics). Returns the bound port.
 */
export async function startMetricsServer(params: { port: number; host?: string }): Promise<{
  port: number;
  close(): Promise<void>;
}> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    const finish = (status: number, body: string, contentType = "text/plain; charset=utf-8") => {
      response.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
      response.end(body);
      getLogger().info({ request: { method: request.method, path, status } }, `${request.method} ${path} ${status}`);
    };
    if (request.method !== "GET" || path !== "/metrics") return finish(404, "Not found\n");
    if (!isMetricsRequestAuthorized(request.headers.authorization ?? null)) {
      return finish(401, "Send Authorization: Bearer <METRICS_TOKEN>\n");
    }
    renderMetrics().then(
      ({ contentType, body }) => finish(200, body, contentType),
      () => finish(500, "Metrics could not be collected\n"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(params.port, params.host ?? "0.0.0.0", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
