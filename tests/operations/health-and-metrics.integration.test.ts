import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getHealthRoute } from "@/app/api/health/route";
import { GET as getMetricsRoute } from "@/app/api/metrics/route";
import { createDatabase } from "@/db";
import { stopJobs } from "@/jobs/send";
import { startJobWorkers } from "@/jobs/worker";
import { getHealth } from "@/lib/health/get-health";
import { recordSchedulerTick } from "@/lib/health/worker-heartbeat";
import { syncNowAction as syncNow } from "@/lib/actions/sync";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";
import {
  connectWorkspace,
  mapOrganization,
  pickAgreementWithForeignAdditions,
  publishProducts,
} from "../sync-engine/sync-harness";
import { listRunsWithChanges } from "@/db/queries/sync";

const metricsToken = "metrics-token-for-the-test-0123456789";

describe("GET /api/health and GET /api/metrics", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let sandbox: Sandbox;
  let workspace: TestWorkspace;

  const health = async () => {
    const response = await getHealthRoute(new Request("http://billbridge.test/api/health"));
    return { status: response.status, body: await response.json() };
  };
  const metrics = (authorization?: string) =>
    getMetricsRoute(
      new Request("http://billbridge.test/api/metrics", { headers: authorization ? { authorization } : {} }),
    );

  beforeAll(async () => {
    process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
    process.env.METRICS_TOKEN = metricsToken;
    ({ db } = await createTestDatabase());
    sandbox = await startSandbox({ scenario: "demo", seed: 5 });
    workspace = await createTestWorkspace(db, "Ops");
  });
  afterAll(async () => {
    delete process.env.METRICS_TOKEN;
    await sandbox?.stop();
  });

  it("is unhealthy (503) before any worker ran, with the exact shape", async () => {
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body).toEqual({
      status: "unhealthy",
      database: "ok",
      workers: { lastHeartbeatAt: null },
      scheduler: { lastTickAt: null },
      queues: {},
    });
  });

  it("is healthy (200) while workers run, with pg-boss's queues", async () => {
    await startJobWorkers({ log: () => {} });
    await recordSchedulerTick(db);
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.status).toBe("ok");
    expect(body.database).toBe("ok");
    expect(Date.parse(body.workers.lastHeartbeatAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(Date.parse(body.scheduler.lastTickAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(body.queues["organization-sync"]).toEqual({
      queued: expect.any(Number),
      active: expect.any(Number),
      failed: expect.any(Number),
    });
    expect(body.queues["alert-delivery"]).toBeDefined();
    // Nothing of any workspace: no ids, names or slugs.
    const text = JSON.stringify(body);
    expect(text).not.toContain(workspace.id);
    expect(text).not.toContain(workspace.slug);
  });

  it("turns 503 when no worker has beaten for 2 minutes or the scheduler has not ticked for 3", async () => {
    const inNinetySeconds = new Date(Date.now() + 90_000);
    expect((await getHealth(db, { now: inNinetySeconds })).status).toBe("ok");
    expect((await getHealth(db, { now: new Date(Date.now() + 150_000) })).status).toBe("unhealthy");
    await recordSchedulerTick(db, new Date(Date.now() - 4 * 60_000));
    const { upsertHeartbeat } = await import("@/db/queries/heartbeats");
    await upsertHeartbeat(db, {
      id: "old-worker",
      kind: "worker",
      at: new Date(),
      startedAt: new Date(Date.now() - 10 * 60_000),
    });
    // The scheduler's grace lasts 3 minutes from the newest of its last tick and the oldest running worker's start.
    expect((await getHealth(db)).status).toBe("unhealthy");
    await recordSchedulerTick(db);
    expect((await getHealth(db)).status).toBe("ok");
    const { updateHeartbeatStopped } = await import("@/db/queries/heartbeats");
    await updateHeartbeatStopped(db, { id: "old-worker", at: new Date() });
  });

  it("flips to 503 when the workers stop", async () => {
    expect((await health()).status).toBe(200);
    await stopJobs(5_000);
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.status).toBe("unhealthy");
    expect(body.workers.lastHeartbeatAt).not.toBeNull();
  });

  it("says the database is unreachable with 503", async () => {
    const unreachable = createDatabase("postgres://nobody:nothing@127.0.0.1:9/none", { max: 1 });
    const report = await getHealth(unreachable.db);
    await unreachable.sql.end({ timeout: 1 });
    expect(report).toMatchObject({ status: "unhealthy", database: "unreachable" });
  });

  it("refuses metrics without the bearer token (401)", async () => {
    expect((await metrics()).status).toBe(401);
    expect((await metrics("Bearer wrong-token")).status).toBe(401);
    expect((await metrics(`Basic ${metricsToken}`)).status).toBe(401);
    delete process.env.METRICS_TOKEN;
    expect((await metrics("Bearer ")).status).toBe(401);
    process.env.METRICS_TOKEN = metricsToken;
  });

  it("serves Prometheus text that parses, after a real sync", async () => {
    await connectWorkspace(sandbox, workspace);
    await publishProducts(db, workspace);
    const mappingId = await mapOrganization(db, {
      workspace,
      organizationId: workspace.organizationIds[0]!,
      agreement: pickAgreementWithForeignAdditions(sandbox),
    });
    await startJobWorkers({ log: () => {} });
    const queued = await syncNow.execute(workspace.as("admin"), { mappingIds: [mappingId] });
    if (!queued.ok) throw new Error(queued.error);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [latest] = await listRunsWithChanges(db, { workspaceId: workspace.id, mappingId, limit: 1 });
      if (latest && (latest.run.state === "succeeded" || latest.run.state === "failed")) break;
      if (Date.now() > deadline) throw new Error("the run did not finish");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const response = await metrics(`Bearer ${metricsToken}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    const families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
    const value = (name: string, labels: Record<string, string>) =>
      Number(
        families.get(name)?.metrics.find((sample) => Object.entries(labels).every(([k, v]) => sample.labels?.[k] === v))
          ?.value ?? NaN,
      );
    expect(value("billbridge_sync_runs_total", { outcome: "succeeded" })).toBeGreaterThanOrEqual(1);
    expect(families.get("billbridge_sync_run_duration_seconds")?.type).toBe("HISTOGRAM");
    expect(value("billbridge_connectwise_requests_total", { method: "GET", status: "200" })).toBeGreaterThanOrEqual(1);
    expect(families.get("billbridge_connectwise_rate_limited_total")?.type).toBe("COUNTER");
    expect(families.get("billbridge_rate_limiter_wait_seconds")?.type).toBe("HISTOGRAM");
    expect(
      families.get("billbridge_queue_jobs")?.metrics.some((sample) => sample.labels?.queue === "organization-sync"),
    ).toBe(true);
    expect(families.get("billbridge_alert_deliveries_total")?.type).toBe("COUNTER");
    // No workspace ids as labels.
    expect(text).not.toContain(workspace.id);
    expect(text).not.toContain(metricsToken);
  });
});

describe("a worker process's own metrics endpoint (METRICS_PORT)", () => {
  it("serves the same metrics on /metrics to the bearer token only", async () => {
    process.env.METRICS_TOKEN = metricsToken;
    const { startMetricsServer } = await import("@/lib/metrics/metrics-server");
    const server = await startMetricsServer({ port: 0, host: "127.0.0.1" });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      expect((await fetch(`${base}/other`)).status).toBe(404);
      const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
      expect(response.status).toBe(200);
      const names = parsePrometheusTextFormat(await response.text()).map((family) => family.name);
      expect(names).toContain("billbridge_sync_runs_total");
    } finally {
      await server.close();
      delete process.env.METRICS_TOKEN;
    }
  });
});
