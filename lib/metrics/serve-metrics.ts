import { createHash, timingSafeEqual } from "node:crypto";
import { getDb } from "@/db";
import { listQueueCounts } from "@/db/queries/heartbeats";
import { getMetrics, setQueueDepthReader } from "./registry";

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Whether the request carries `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time). */
export function isMetricsRequestAuthorized(authorization: string | null, token = process.env.METRICS_TOKEN): boolean {
  if (!token) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return false;
  return timingSafeEqual(digest(match[1]!), digest(token));
}

/** The Prometheus text exposition of this process's metrics, with queue depth read from pg-boss now. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  setQueueDepthReader(async () =>
    Object.fromEntries(
      (await listQueueCounts(getDb())).map((queue) => [
        queue.name,
        { queued: queue.queued, active: queue.active, failed: queue.failed },
      ]),
    ),
  );
  const { registry } = getMetrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
