import { beforeAll, describe, expect, it } from "vitest";
import { mappings, syncRuns } from "@/db/schema";
import { getDashboard } from "@/lib/read-models/dashboard";
import { requestLimitPerHour, requestsPerHour, runsByOutcome } from "@/lib/reports/dashboard-series";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";

const call = { method: "GET", path: "/company/companies", status: 200, durationMs: 5 };

/**
 * The dashboard's charts read stored runs: one bar per outcome of the last 24 hours, and the
 * ConnectWise calls each run recorded, per hour of the run's start, against the limiter's budget.
 */
describe("dashboard charts", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  const now = new Date();
  const hoursAgo = (hours: number, minutes = 5) =>
    new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - hours * 3_600_000 + minutes * 60_000);
  const hourKey = (date: Date) => `${date.toISOString().slice(0, 13)}:00Z`;

  beforeAll(async () => {
    db = (await createTestDatabase()).db;
    workspace = await createTestWorkspace(db, "charts");
    const [alpha] = workspace.organizationIds as [string];
    const [mapping] = await db
      .insert(mappings)
      .values({ workspaceId: workspace.id, organizationId: alpha, cwCompanyId: 1, cwAgreementId: 501 })
      .returning({ id: mappings.id });
    const run = (state: "succeeded" | "failed" | "running" | "queued", at: Date, calls: number, dryRun = false) => ({
      workspaceId: workspace.id,
      mappingId: mapping!.id,
      organizationId: alpha,
      trigger: "schedule" as const,
      state,
      dryRun,
      queuedAt: at,
      apiCalls: Array.from({ length: calls }, () => call),
    });
    await db.insert(syncRuns).values([
      run("succeeded", hoursAgo(0), 7),
      run("succeeded", hoursAgo(0, 20), 3),
      run("succeeded", hoursAgo(5), 4),
      run("failed", hoursAgo(5, 30), 2),
      run("failed", hoursAgo(23), 1),
      run("queued", hoursAgo(0, 1), 0),
      // A preview reads ConnectWise (its calls count) but is not a run of the chart's outcomes.
      run("succeeded", hoursAgo(2), 6, true),
      // Older than 24 hours: in neither chart.
      run("succeeded", hoursAgo(30), 50),
    ]);
    const other = await createTestWorkspace(db, "charts-other");
    const [otherMapping] = await db
      .insert(mappings)
      .values({ workspaceId: other.id, organizationId: other.organizationIds[0]!, cwCompanyId: 1 })
      .returning({ id: mappings.id });
    await db.insert(syncRuns).values({
      workspaceId: other.id,
      mappingId: otherMapping!.id,
      organizationId: other.organizationIds[0]!,
      trigger: "schedule",
      state: "failed",
      queuedAt: hoursAgo(0),
      apiCalls: [call, call],
    });
  });

  it("runs of the last 24 hours by outcome, zeros included, this workspace only", async () => {
    const dashboard = await getDashboard(await workspace.as("viewer"), now);
    expect(dashboard.runs).toEqual([
      { outcome: "succeeded", label: "Succeeded", runs: 3 },
      { outcome: "failed", label: "Failed", runs: 2 },
      { outcome: "running", label: "Running", runs: 0 },
      { outcome: "queued", label: "Queued", runs: 1 },
    ]);
  });

  it("ConnectWise requests per hour for 24 hours ending now, against the configured limit", async () => {
    const dashboard = await getDashboard(await workspace.as("viewer"), now);
    expect(dashboard.requests).toHaveLength(24);
    expect(dashboard.requests[23]!.hour).toBe(hourKey(hoursAgo(0)));
    expect(dashboard.requests[0]!.hour).toBe(hourKey(hoursAgo(23)));
    const byHour = Object.fromEntries(dashboard.requests.map((bar) => [bar.hour, bar.requests]));
    expect(byHour[hourKey(hoursAgo(0))]).toBe(10);
    expect(byHour[hourKey(hoursAgo(2))]).toBe(6);
    expect(byHour[hourKey(hoursAgo(5))]).toBe(6);
    expect(byHour[hourKey(hoursAgo(23))]).toBe(1);
    expect(dashboard.requests.reduce((sum, bar) => sum + bar.requests, 0)).toBe(23);
    const perMinute = Number(process.env.CW_RATE_LIMIT_PER_MINUTE || 600);
    expect(dashboard.requestLimitPerHour).toBe(perMinute * 60);
  });

  it("series helpers: missing outcomes and hours are zero; the limit is the per-minute rate × 60", () => {
    expect(runsByOutcome([]).map((bar) => bar.runs)).toEqual([0, 0, 0, 0]);
    const at = new Date("2026-12-03T14:35:00Z");
    const hours = requestsPerHour([{ hour: "2026-12-03T12:00Z", count: 9 }], at);
    expect(hours[0]).toEqual({ hour: "2026-12-02T15:00Z", label: "15:00", requests: 0 });
    expect(hours[23]).toEqual({ hour: "2026-12-03T14:00Z", label: "14:00", requests: 0 });
    expect(hours[21]).toEqual({ hour: "2026-12-03T12:00Z", label: "12:00", requests: 9 });
    expect(requestLimitPerHour(600)).toBe(36_000);
  });
});
