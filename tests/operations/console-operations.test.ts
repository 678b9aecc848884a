import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signIn, startAppServer, type AppServer } from "../harness/app-server";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, testPassword, type TestWorkspace } from "../harness/workspaces";

const metricsToken = "console-metrics-token-0123456789abcdef";

describe("operating the running console: health, metrics, request logs, Settings › Alerts", () => {
  let server: AppServer;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    const { url, db } = await createTestDatabase();
    workspace = await createTestWorkspace(db, "Operate");
    server = await startAppServer({ databaseUrl: url, env: { METRICS_TOKEN: metricsToken } });
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("answers GET /api/health with the documented shape (workers run in the process)", async () => {
    const response = await fetch(`${server.url}/api/health`);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["database", "queues", "scheduler", "status", "workers"]);
    expect(response.status).toBe(body.status === "ok" ? 200 : 503);
    expect(body).toMatchObject({ status: "ok", database: "ok", workers: { lastHeartbeatAt: expect.any(String) } });
    expect(Object.keys(body.queues as object)).toEqual(expect.arrayContaining(["organization-sync", "alert-delivery"]));
    expect(JSON.stringify(body)).not.toContain(workspace.id);
  });

  it("serves metrics only with the bearer token, in a format Prometheus parses", async () => {
    expect((await fetch(`${server.url}/api/metrics`)).status).toBe(401);
    const response = await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(response.status).toBe(200);
    const names = parsePrometheusTextFormat(await response.text()).map((family) => family.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "billbridge_sync_runs_total",
        "billbridge_sync_run_duration_seconds",
        "billbridge_connectwise_requests_total",
        "billbridge_connectwise_rate_limited_total",
        "billbridge_rate_limiter_wait_seconds",
        "billbridge_queue_jobs",
        "billbridge_alert_deliveries_total",
      ]),
    );
  });

  it("logs each API request as one JSON line, without the token", async () => {
    await fetch(`${server.url}/api/organizations`);
    const wrongToken = "bb_wrong-platform-token-0123456789abcdef";
    expect(
      (await fetch(`${server.url}/api/v1/products`, { headers: { authorization: `Bearer ${wrongToken}` } })).status,
    ).toBe(401);
    expect((await fetch(`${server.url}/api/v1/workspaces`, { method: "POST", body: "{}" })).status).toBe(503);
    expect((await fetch(`${server.url}/api/v1/nothing-here`)).status).toBe(404);
    // The console writes a request's line as the response goes out: the last ones may still be in the pipe.
    const requestLines = () =>
      server
        .output()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { request?: { path: string; status: number }; msg: string });
    await vi.waitFor(
      () =>
        expect(requestLines()).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ request: expect.objectContaining({ path: "/api/health", status: 200 }) }),
            expect.objectContaining({ request: expect.objectContaining({ path: "/api/metrics", status: 401 }) }),
            expect.objectContaining({ request: expect.objectContaining({ path: "/api/organizations", status: 401 }) }),
            expect.objectContaining({ request: expect.objectContaining({ path: "/api/v1/products", status: 401 }) }),
            expect.objectContaining({ request: expect.objectContaining({ path: "/api/v1/workspaces", status: 503 }) }),
            expect.objectContaining({
              request: expect.objectContaining({ path: "/api/v1/nothing-here", status: 404 }),
            }),
          ]),
        ),
      { timeout: 15_000, interval: 100 },
    );
    expect(server.output()).not.toContain(metricsToken);
    expect(server.output()).not.toContain(wrongToken);
  });

  it("shows Settings › Alerts to a viewer read-only and lets an admin add channels", async () => {
    const viewer = await signIn(server.url, workspace.users.viewer.email, testPassword);
    const viewerPage = await fetch(`${server.url}/settings/alerts`, { headers: { cookie: viewer.jar.header() } });
    expect(viewerPage.status).toBe(200);
    const viewerHtml = await viewerPage.text();
    expect(viewerHtml).toContain("Only owners and admins can change alert rules.");
    expect(viewerHtml).toContain("No channels yet");
    expect(viewerHtml).not.toContain("Add channel");

    const admin = await signIn(server.url, workspace.users.admin.email, testPassword);
    const adminHtml = await (
      await fetch(`${server.url}/settings/alerts`, { headers: { cookie: admin.jar.header() } })
    ).text();
    expect(adminHtml).toContain("Add channel");
    expect(adminHtml).toContain("Save rules");
    expect(adminHtml).toContain("Connection unhealthy");
    expect(adminHtml).toContain("Changes waiting for approval");
  });
});
