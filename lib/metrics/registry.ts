import { Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * Billbridge's Prometheus metrics (prom-client), served by GET /api/metrics. Labels are bounded sets
 * (outcome, status class, queue name, channel kind); workspace, mapping and run ids are never labels,
 * since one series per organization would grow without bound across a fleet of MSPs.
 *
 * Counters count what happened in this process. In the default deployment (workers in the web
 * process) that is everything; with separate worker processes, queue depth still covers the whole
 * system (read from PostgreSQL at scrape time) and each worker process's counters are its own.
 */
export interface BillbridgeMetrics {
  registry: Registry;
  syncRuns: Counter<"outcome">;
  syncRunDuration: Histogram<"outcome">;
  connectWiseRequests: Counter<"method" | "status">;
  connectWiseRateLimited: Counter;
  limiterWait: Histogram;
  queueDepth: Gauge<"queue" | "state">;
  alertDeliveries: Counter<"channel" | "outcome">;
}

type QueueDepthReader = () => Promise<Record<string, { queued: number; active: number; failed: number }>>;

interface MetricsState {
  metrics?: BillbridgeMetrics;
  readQueueDepth?: QueueDepthReader;
}

// One registry per process, shared by the workers (loaded by the start script) and Next's bundled
// route handler, which would otherwise each see a separate module instance.
const globalForMetrics = globalThis as typeof globalThis & { __billbridgeMetrics?: MetricsState };
const state: MetricsState = (globalForMetrics.__billbridgeMetrics ??= {});

function createMetrics(): BillbridgeMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: "billbridge" });
  return {
    registry,
    syncRuns: new Counter({
      name: "billbridge_sync_runs_total",
      help: "Organization sync runs that ended, by outcome (succeeded, failed, retrying)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    syncRunDuration: new Histogram({
      name: "billbridge_sync_run_duration_seconds",
      help: "Duration of organization sync runs, from start to end, by outcome",
      labelNames: ["outcome"] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers: [registry],
    }),
    connectWiseRequests: new Counter({
      name: "billbridge_connectwise_requests_total",
      help: "HTTP attempts to ConnectWise, by method and status (a number, or 'error' when no answer arrived)",
      labelNames: ["method", "status"] as const,
      registers: [registry],
    }),
    connectWiseRateLimited: new Counter({
      name: "billbridge_connectwise_rate_limited_total",
      help: "ConnectWise answers with 429 Too Many Requests",
      registers: [registry],
    }),
    limiterWait: new Histogram({
      name: "billbridge_rate_limiter_wait_seconds",
      help: "Time a ConnectWise request waited for the connection's shared rate limiter",
      buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: "billbridge_queue_jobs",
      help: "Jobs per queue and state (queued, active, failed), read from pg-boss at scrape time",
      labelNames: ["queue", "state"] as const,
      registers: [registry],
      async collect() {
        if (!state.readQueueDepth) return;
        this.reset();
        const depth = await state.readQueueDepth();
        for (const [queue, counts] of Object.entries(depth)) {
          this.set({ queue, state: "queued" }, counts.queued);
          this.set({ queue, state: "active" }, counts.active);
          this.set({ queue, state: "failed" }, counts.failed);
        }
      },
    }),
    alertDeliveries: new Counter({
      name: "billbridge_alert_deliveries_total",
      help: "Alert deliveries (webhook or email) by outcome: delivered, retrying, failed",
      labelNames: ["channel", "outcome"] as const,
      registers: [registry],
    }),
  };
}

export function getMetrics(): BillbridgeMetrics {
  state.metrics ??= createMetrics();
  return state.metrics;
}

/** Where the queue depth gauge reads from (set by the route that serves the metrics). */
export function setQueueDepthReader(reader: QueueDepthReader): void {
  state.readQueueDepth = reader;
}

export function recordConnectWiseRequest(record: { method: string; status: number | null }): void {
  const metrics = getMetrics();
  metrics.connectWiseRequests.inc({
    method: record.method,
    status: record.status === null ? "error" : String(record.status),
  });
  if (record.status === 429) metrics.connectWiseRateLimited.inc();
}

export function recordSyncRun(
  outcome: "succeeded" | "failed" | "retrying",
  startedAt: Date,
  finishedAt = new Date(),
): void {
  const metrics = getMetrics();
  metrics.syncRuns.inc({ outcome });
  metrics.syncRunDuration.observe({ outcome }, Math.max(0, (finishedAt.getTime() - startedAt.getTime()) / 1000));
}

export function recordLimiterWait(milliseconds: number): void {
  getMetrics().limiterWait.observe(milliseconds / 1000);
}

export function recordAlertDelivery(channel: "webhook" | "email", outcome: "delivered" | "retrying" | "failed"): void {
  getMetrics().alertDeliveries.inc({ channel, outcome });
}
