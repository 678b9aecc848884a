import { beforeAll, describe, expect, it } from "vitest";
import { additionLedger, mappingBillingPolicies, mappings, syncChanges, syncRuns, usageHistory } from "@/db/schema";
import { countMappingRows } from "@/db/queries/mappings";
import { GET as getReconciliationApi } from "@/app/api/v1/reports/reconciliation/route";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { getDashboard } from "@/lib/read-models/dashboard";
import { reconcileMonth } from "@/lib/reports/reconcile-month";
import { reconciliationCsv } from "@/lib/reports/reconciliation-csv";
import { signIn, startAppServer } from "../harness/app-server";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, testPassword, type TestWorkspace } from "../harness/workspaces";

/**
 * November 2026 of three organizations × two products (9.00 each), reported on 3 December:
 * - Alpha (mapped, sync on): users end the month at 12, ConnectWise holds 10 written at 9.50
 *   (under-billed 19.00); gateways 5 against 8 (over-billed 27.00).
 * - Beta (mapped, sync on): users 20, someone set 17 by hand, the sync put 20 back (drift corrected);
 *   gateways 3 with nothing written yet (under-billed 27.00).
 * - Gamma (unmapped): users 30 (unmapped with usage, 270.00), gateways 0.
 */
describe("monthly reconciliation", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  let alphaMapping: string;
  let databaseUrl: string;
  const month = "2026-11";
  const today = "2026-12-03";

  beforeAll(async () => {
    const database = await createTestDatabase();
    db = database.db;
    databaseUrl = database.url;
    workspace = await createTestWorkspace(db, "recon");
    const [alpha, beta, gamma] = workspace.organizationIds as [string, string, string];
    const [user, gateway] = workspace.productIds as [string, string];
    const days = (organizationId: string, productId: string, figures: Array<[string, string, string?]>) =>
      figures.map(([day, quantity, peak]) => ({
        workspaceId: workspace.id,
        organizationId,
        productId,
        day,
        quantity,
        peakQuantity: peak ?? quantity,
      }));
    await db.insert(usageHistory).values([
      ...days(alpha, user, [
        ["2026-10-31", "40"],
        ["2026-11-01", "10"],
        ["2026-11-15", "10", "15"],
        ["2026-11-30", "12"],
        ["2026-12-01", "50"],
      ]),
      ...days(alpha, gateway, [["2026-11-20", "5"]]),
      ...days(beta, user, [["2026-11-30", "20"]]),
      ...days(beta, gateway, [["2026-11-30", "3"]]),
      ...days(gamma, user, [["2026-11-29", "30"]]),
      ...days(gamma, gateway, [["2026-11-29", "0"]]),
    ]);
    const mapped = await db
      .insert(mappings)
      .values([
        {
          workspaceId: workspace.id,
          organizationId: alpha,
          cwCompanyId: 1,
          cwAgreementId: 501,
          cwAgreementName: "Alpha MSA",
          syncEnabled: true,
        },
        {
          workspaceId: workspace.id,
          organizationId: beta,
          cwCompanyId: 2,
          cwAgreementId: 502,
          cwAgreementName: "Beta MSA",
          syncEnabled: true,
        },
      ])
      .returning({ id: mappings.id });
    alphaMapping = mapped[0]!.id;
    const betaMapping = mapped[1]!.id;
    await db.insert(additionLedger).values([
      {
        workspaceId: workspace.id,
        additionId: 1,
        mappingId: alphaMapping,
        cwAgreementId: 501,
        productId: user,
        quantity: "10",
        unitPrice: "9.50",
      },
      {
        workspaceId: workspace.id,
        additionId: 2,
        mappingId: alphaMapping,
        cwAgreementId: 501,
        productId: gateway,
        quantity: "8",
        unitPrice: "9.00",
      },
      {
        workspaceId: workspace.id,
        additionId: 3,
        mappingId: betaMapping,
        cwAgreementId: 502,
        productId: user,
        quantity: "20",
        unitPrice: "9.00",
      },
    ]);
    const run = async (mappingId: string, organizationId: string, at: string) => {
      const [row] = await db
        .insert(syncRuns)
        .values({
          workspaceId: workspace.id,
          mappingId,
          organizationId,
          trigger: "schedule",
          state: "succeeded",
          queuedAt: new Date(at),
        })
        .returning({ id: syncRuns.id });
      return row!.id;
    };
    const alphaRun = await run(alphaMapping, alpha, "2026-11-30T10:00:00Z");
    const betaDriftRun = await run(betaMapping, beta, "2026-11-10T10:00:00Z");
    const betaLaterRun = await run(betaMapping, beta, "2026-11-30T10:00:00Z");
    await db.insert(syncChanges).values([
      {
        workspaceId: workspace.id,
        runId: alphaRun,
        productId: user,
        action: "none",
        additionId: 1,
        before: { quantity: 10 },
        after: { quantity: 10 },
        result: "applied",
        createdAt: new Date("2026-11-30T10:00:01Z"),
      },
      {
        workspaceId: workspace.id,
        runId: alphaRun,
        productId: gateway,
        action: "none",
        additionId: 2,
        before: { quantity: 8 },
        after: { quantity: 8 },
        result: "applied",
        createdAt: new Date("2026-11-30T10:00:01Z"),
      },
      {
        workspaceId: workspace.id,
        runId: betaDriftRun,
        productId: user,
        action: "update",
        additionId: 3,
        before: { quantity: 17 },
        after: { quantity: 20 },
        drift: { lastWritten: 20, found: 17 },
        result: "applied",
        createdAt: new Date("2026-11-10T10:00:01Z"),
      },
      {
        workspaceId: workspace.id,
        runId: betaLaterRun,
        productId: user,
        action: "none",
        additionId: 3,
        before: { quantity: 20 },
        after: { quantity: 20 },
        result: "applied",
        createdAt: new Date("2026-11-30T10:00:01Z"),
      },
    ]);
  });

  it("states every figure to the cent, sorted by money impact, with the totals", async () => {
    const report = await reconcileMonth(db, { workspaceId: workspace.id, month, today });
    const view = report.lines.map((line) => [
      line.organizationName,
      line.productSku,
      line.platformQuantity,
      line.connectWiseQuantity,
      line.writtenQuantity,
      line.difference,
      line.unitPriceCents,
      line.moneyCents,
      line.status,
    ]);
    expect(view).toEqual([
      ["recon Gamma Corp", "recon-USER", 30, null, null, 30, 900, 27000, "unmapped-with-usage"],
      ["recon Alpha Corp", "recon-GATEWAY", 5, 8, 8, -3, 900, -2700, "over-billed"],
      ["recon Beta Corp", "recon-GATEWAY", 3, null, null, 3, 900, 2700, "under-billed"],
      ["recon Alpha Corp", "recon-USER", 12, 10, 10, 2, 950, 1900, "under-billed"],
      ["recon Beta Corp", "recon-USER", 20, 20, 20, 0, 900, 0, "drift-corrected"],
      ["recon Gamma Corp", "recon-GATEWAY", 0, null, null, 0, 900, 0, "in-step"],
    ]);
    expect(report.underBilledCents).toBe(27000 + 2700 + 1900);
    expect(report.overBilledCents).toBe(2700);
  });

  it("bills the month's peak for an organization whose count basis is peak", async () => {
    await db
      .insert(mappingBillingPolicies)
      .values({ mappingId: alphaMapping, workspaceId: workspace.id, countBasis: "peak" });
    const report = await reconcileMonth(db, { workspaceId: workspace.id, month, today });
    const alphaUsers = report.lines.find(
      (line) => line.productSku === "recon-USER" && line.organizationName === "recon Alpha Corp",
    );
    expect(alphaUsers).toMatchObject({
      countBasis: "peak",
      platformQuantity: 15,
      difference: 5,
      moneyCents: 4750,
      status: "under-billed",
    });
    await db.delete(mappingBillingPolicies);
  });

  it("exports the page's lines as CSV, in the page's order", async () => {
    const report = await reconcileMonth(db, { workspaceId: workspace.id, month, today });
    const rows = reconciliationCsv(report).trimEnd().split("\r\n");
    expect(rows[0]).toBe(
      "Organization,Product,SKU,Agreement,Count basis,Platform usage,On ConnectWise,Last written,Difference,Unit price,Money,Status",
    );
    expect(rows.slice(1)).toEqual([
      "recon Gamma Corp,recon user plan,recon-USER,,current,30,,,30,9.00,270.00,Unmapped with usage",
      "recon Alpha Corp,recon gateway plan,recon-GATEWAY,Alpha MSA,current,5,8,8,-3,9.00,-27.00,Over-billed",
      "recon Beta Corp,recon gateway plan,recon-GATEWAY,Beta MSA,current,3,,,3,9.00,27.00,Under-billed",
      "recon Alpha Corp,recon user plan,recon-USER,Alpha MSA,current,12,10,10,2,9.50,19.00,Under-billed",
      "recon Beta Corp,recon user plan,recon-USER,Beta MSA,current,20,20,20,0,9.00,0.00,Drift corrected this month",
      "recon Gamma Corp,recon gateway plan,recon-GATEWAY,,current,0,,,0,9.00,0.00,In step",
    ]);
  });

  it("shows another workspace nothing of this one", async () => {
    const other = await createTestWorkspace(db, "other");
    const report = await reconcileMonth(db, { workspaceId: other.id, month, today });
    expect(report.lines).toEqual([]);
  });

  it("dashboard: the mapping table's filter counts, stale syncs and unmapped usage", async () => {
    const dashboard = await getDashboard(await workspace.as("viewer"));
    const filters = await countMappingRows(db, { workspaceId: workspace.id });
    expect(dashboard.organizations).toEqual({
      total: filters.all,
      mapped: filters.mapped,
      syncOn: filters["sync-on"],
      failing: filters.failing,
      stale: 2,
      unmappedWithUsage: 1,
    });
    expect(filters).toMatchObject({ all: 3, mapped: 2, "sync-on": 2, failing: 0, unmapped: 1 });
    expect(dashboard.runs.map((bar) => bar.runs)).toEqual([0, 0, 0, 0]);
    const money = dashboard.discrepancies.map((line) => Math.abs(line.moneyCents));
    expect(money).toEqual([...money].sort((left, right) => right - left));
    expect(dashboard.discrepancies.length).toBeLessThanOrEqual(5);
  });

  it("API: the same figures as JSON and CSV for a read token; another workspace's token sees none of them", async () => {
    const token = async (target: TestWorkspace) =>
      (await createApiToken(db, { workspaceId: target.id, name: "report", scopes: ["read"], creator: null })).token;
    const call = (bearer: string | null, query: string) =>
      getReconciliationApi(
        new Request(`http://billbridge.test/api/v1/reports/reconciliation?${query}`, {
          headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
        }),
        { params: Promise.resolve({}) },
      );
    const page = await reconcileMonth(db, { workspaceId: workspace.id, month, today });
    const mine = await token(workspace);
    const json = await call(mine, `month=${month}`);
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({
      month,
      underBilledCents: 31600,
      overBilledCents: 2700,
      lines: JSON.parse(JSON.stringify(page.lines)),
    });
    const csv = await call(mine, `month=${month}&format=csv`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(await csv.text()).toBe(reconciliationCsv(page));
    const other = await createTestWorkspace(db, "stranger");
    const foreign = await call(await token(other), `month=${month}`);
    expect(((await foreign.json()) as { lines: unknown[] }).lines).toEqual([]);
    expect((await call(null, `month=${month}`)).status).toBe(401);
    const invalid = await call(mine, "month=2026-13");
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("content-type")).toContain("application/problem+json");
  });

  it("the console: a billing member reads the page and downloads exactly its lines as CSV; the dashboard is the home page", async () => {
    const server = await startAppServer({ databaseUrl });
    try {
      const member = await signIn(server.url, workspace.users.billing.email, testPassword);
      const headers = { cookie: member.jar.header() };
      const page = await fetch(`${server.url}/reports/reconciliation?month=${month}&status=under-billed`, { headers });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("Reports › Reconciliation");
      expect(html).toContain("19.00");
      expect(html).toContain("46.00");
      expect(html).not.toContain("270.00");
      const csv = await fetch(`${server.url}/reports/reconciliation/csv?month=${month}&status=under-billed`, {
        headers,
      });
      expect(csv.headers.get("content-type")).toContain("text/csv");
      const rows = (await csv.text()).trimEnd().split("\r\n");
      expect(rows.slice(1).map((row) => row.split(",").at(-1))).toEqual(["Under-billed", "Under-billed"]);
      const home = await fetch(`${server.url}/`, { headers, redirect: "manual" });
      expect(home.status).toBe(200);
      expect(await home.text()).toContain("Biggest discrepancies");
      const signedOut = await fetch(`${server.url}/reports/reconciliation/csv?month=${month}`, { redirect: "manual" });
      expect(signedOut.status).not.toBe(200);
    } finally {
      await server.stop();
    }
  }, 240_000);
});
