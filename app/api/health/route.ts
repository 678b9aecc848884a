import { getDb } from "@/db";
import { getHealth } from "@/lib/health/get-health";
import { withRequestLog } from "@/lib/logging/request-log";

export const dynamic = "force-dynamic";

/**
 * Health for load balancers and monitors: `{ status, database, workers: { lastHeartbeatAt },
 * scheduler: { lastTickAt }, queues: { <name>: { queued, active, failed } } }`, HTTP 503 when unhealthy.
 * Public; holds no secrets and nothing of any workspace.
 */
export const GET = withRequestLog("/api/health", async () => {
  let report;
  try {
    report = await getHealth(getDb());
  } catch {
    report = {
      status: "unhealthy" as const,
      database: "unreachable" as const,
      workers: { lastHeartbeatAt: null },
      scheduler: { lastTickAt: null },
      queues: {},
    };
  }
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});
