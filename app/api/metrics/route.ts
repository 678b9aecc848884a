import { withRequestLog } from "@/lib/logging/request-log";
import { isMetricsRequestAuthorized, renderMetrics } from "@/lib/metrics/serve-metrics";

export const dynamic = "force-dynamic";

/** Prometheus metrics, for `Authorization: Bearer <METRICS_TOKEN>` only (401 otherwise, and when no token is set). */
export const GET = withRequestLog("/api/metrics", async (request: Request) => {
  if (!isMetricsRequestAuthorized(request.headers.get("authorization"))) {
    return Response.json(
      { error: "Send Authorization: Bearer <METRICS_TOKEN> (metrics are off while METRICS_TOKEN is not set)." },
      { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } },
    );
  }
  const { contentType, body } = await renderMetrics();
  return new Response(body, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
});
