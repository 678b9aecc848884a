import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import {
  additionLedger,
  billingPolicies,
  cwAgreements,
  mappingBillingPolicies,
  mappings,
  organizations,
  products,
  syncChanges,
  syncRuns,
  usage,
  usageHistory,
  type CountBasis,
} from "@/db/schema";
import { listReconciliationSources } from "@/db/queries/reconciliation";
import { upsertUsageMonthsFromHistory } from "@/db/queries/usage-months";
import {
  monthBounds,
  queryReconciliation,
  reconcileLine,
  type ReconciliationLine,
  type ReconciliationStatus,
} from "@/lib/reports/reconcile-month";
import { getReconciliationReport, reconciliationPageSize } from "@/lib/read-models/reconciliation-report";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";

/** A seeded generator, so a failure names data that can be built again. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (probability: number) => next() < probability,
    integer: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    /** A quantity with two decimals, sometimes whole. */
    quantity: (max: number) => (next() < 0.5 ? Math.floor(next() * max) : Math.floor(next() * max * 100) / 100),
    pick: <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!,
  };
}

const months = ["2026-09", "2026-10", "2026-11", "2026-12"];
const todays = ["2026-10-20", "2026-11-30", "2026-12-03", "2027-01-02"];
const bases: Array<CountBasis | null> = [null, "current", "peak", "last-day"];

type Query = Parameters<typeof queryReconciliation>[1];
const listReconciliation = async (db: Parameters<typeof queryReconciliation>[0], query: Query) =>
  (await queryReconciliation(db, query)).lines;
const totalReconciliation = async (db: Parameters<typeof queryReconciliation>[0], query: Query) =>
  (await queryReconciliation(db, query)).totals;

const keyOf = (line: { organizationId: string; productId: string }) => `${line.organizationId}:${line.productId}`;
/** Both sides as plain values (-0 and 0 are one amount). */
const plain = (line: ReconciliationLine) =>
  Object.fromEntries(Object.entries(line).map(([key, value]) => [key, typeof value === "number" ? value + 0 : value]));

/**
 * The report's figures are worked out in SQL (CASEs over the monthly rollup) and the sync's in
 * TypeScript (billedQuantity). Random workspaces — every count basis and override, mapped or not,
 * agreements cancelled, sync off, additions written once or twice with or without a price, reads and
 * drift in various months, days written in two statements and rewritten — must give the same figure
 * for every line, every month, read on days inside and after the month.
 */
describe("reconciliation figures in SQL equal the sync's billedQuantity", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  const workspaces: TestWorkspace[] = [];

  async function build(seed: number): Promise<TestWorkspace> {
    const pick = random(seed);
    const workspace = await createTestWorkspace(db, `sqlguard${seed}`);
    const workspaceId = workspace.id;
    const policy = pick.pick(bases);
    if (policy) await db.insert(billingPolicies).values({ workspaceId, countBasis: policy });
    const orgs = await db
      .insert(organizations)
      .values(
        Array.from({ length: 20 }, (_, index) => ({
          workspaceId,
          externalId: `guard-${seed}-${index}`,
          name: `Guard ${String.fromCharCode(65 + (index % 5))} ${index}`,
        })),
      )
      .returning({ id: organizations.id });
    const prods = await db
      .insert(products)
      .values(
        Array.from({ length: 4 }, (_, index) => ({
          workspaceId,
          sku: `G${seed}-${index}`,
          name: `Guard product ${index}`,
          description: "Guard product",
          unit: "seat",
          cost: "1.00",
          suggestedPrice: (pick.integer(100, 5000) / 100).toFixed(2),
        })),
      )
      .returning({ id: products.id });
    const pairs = orgs.flatMap((org) => prods.map((product) => ({ organizationId: org.id, productId: product.id })));
    await db
      .insert(usage)
      .values(
        pairs
          .filter(() => pick.chance(0.8))
          .map((pair) => ({ workspaceId, ...pair, quantity: pick.quantity(60).toFixed(2) })),
      );
    // Days in two statements (the rollup merges them), then some rewritten (the update trigger).
    const days = pairs.flatMap((pair) => {
      if (!pick.chance(0.75)) return [];
      const chosen = new Set<string>();
      for (let count = pick.integer(1, 9); count > 0; count--) {
        const month = pick.pick(["09", "10", "11", "12"]);
        chosen.add(
          `2026-${month}-${String(pick.integer(1, month === "09" || month === "11" ? 30 : 31)).padStart(2, "0")}`,
        );
      }
      return [...chosen].map((day) => {
        const quantity = pick.quantity(60);
        const peak = pick.chance(0.2) ? null : pick.chance(0.2) ? quantity / 2 : quantity + pick.quantity(10);
        return {
          workspaceId,
          ...pair,
          day,
          quantity: quantity.toFixed(2),
          peakQuantity: peak === null ? null : peak.toFixed(2),
        };
      });
    });
    const half = Math.floor(days.length / 2);
    await db.insert(usageHistory).values(days.slice(0, half));
    await db.insert(usageHistory).values(days.slice(half));
    await db.execute(sql`
      update usage_history set quantity = quantity + 1
      where workspace_id = ${workspaceId} and extract(day from day)::int % 7 = 0`);

    const mapped = orgs.filter(() => pick.chance(0.75));
    const mappingRows = await db
      .insert(mappings)
      .values(
        mapped.map((org, index) => ({
          workspaceId,
          organizationId: org.id,
          cwCompanyId: 1000 + index,
          cwAgreementId: pick.chance(0.1) ? null : 2000 + index,
          cwAgreementName: `Agreement ${index}`,
          syncEnabled: pick.chance(0.7),
        })),
      )
      .returning({ id: mappings.id, organizationId: mappings.organizationId, cwAgreementId: mappings.cwAgreementId });
    const withAgreement = mappingRows.filter((row) => row.cwAgreementId !== null);
    if (withAgreement.length > 0)
      await db.insert(cwAgreements).values(
        withAgreement.map((row) => ({
          workspaceId,
          cwId: row.cwAgreementId!,
          cwCompanyId: 1,
          name: "Agreement",
          cancelled: pick.chance(0.15),
        })),
      );
    for (const row of mappingRows) {
      if (pick.chance(0.4))
        await db
          .insert(mappingBillingPolicies)
          .values({ mappingId: row.id, workspaceId, countBasis: pick.pick(bases) });
    }
    let additionId = 1;
    const ledger = mappingRows.flatMap((row) =>
      prods.flatMap((product) =>
        pick.chance(0.6)
          ? Array.from({ length: pick.chance(0.15) ? 2 : 1 }, () => ({
              workspaceId,
              additionId: additionId++,
              mappingId: row.id,
              cwAgreementId: row.cwAgreementId ?? 1,
              productId: product.id,
              quantity: pick.quantity(60).toFixed(2),
              unitPrice: pick.chance(0.2) ? null : (pick.integer(100, 5000) / 100).toFixed(2),
            }))
          : [],
      ),
    );
    if (ledger.length > 0) await db.insert(additionLedger).values(ledger);
    for (const entry of ledger) {
      for (let count = pick.integer(0, 3); count > 0; count--) {
        const at = new Date(Date.UTC(2026, pick.integer(8, 11), pick.integer(1, 28), pick.integer(0, 23)));
        const [run] = await db
          .insert(syncRuns)
          .values({
            workspaceId,
            mappingId: entry.mappingId,
            organizationId: mappingRows.find((row) => row.id === entry.mappingId)!.organizationId,
            trigger: "schedule",
            state: "succeeded",
            dryRun: pick.chance(0.15),
            queuedAt: at,
          })
          .returning({ id: syncRuns.id });
        const drift = pick.chance(0.3);
        await db.insert(syncChanges).values({
          workspaceId,
          runId: run!.id,
          productId: entry.productId,
          action: pick.pick(["none", "update", "zero", "create"]),
          additionId: entry.additionId,
          before: pick.chance(0.15) ? {} : { quantity: pick.quantity(60) },
          after: { quantity: Number(entry.quantity) },
          drift: drift ? { lastWritten: Number(entry.quantity), found: 1 } : null,
          result: pick.chance(0.85) ? "applied" : "failed",
          createdAt: at,
        });
      }
    }
    // One line the sync put back in November after someone changed it by hand: in step, drift corrected.
    const [drifted] = await db
      .insert(organizations)
      .values({ workspaceId, externalId: `guard-${seed}-drift`, name: "Guard drift" })
      .returning({ id: organizations.id });
    await db.insert(usageHistory).values({
      workspaceId,
      organizationId: drifted!.id,
      productId: prods[0]!.id,
      day: "2026-11-30",
      quantity: "7.00",
      peakQuantity: "7.00",
    });
    const [driftMapping] = await db
      .insert(mappings)
      .values({ workspaceId, organizationId: drifted!.id, cwCompanyId: 9, cwAgreementId: 9009, syncEnabled: true })
      .returning({ id: mappings.id });
    await db.insert(cwAgreements).values({ workspaceId, cwId: 9009, cwCompanyId: 9, name: "Drift" });
    await db.insert(additionLedger).values({
      workspaceId,
      additionId: 9009,
      mappingId: driftMapping!.id,
      cwAgreementId: 9009,
      productId: prods[0]!.id,
      quantity: "7",
      unitPrice: "3.00",
    });
    const [driftRun] = await db
      .insert(syncRuns)
      .values({
        workspaceId,
        mappingId: driftMapping!.id,
        organizationId: drifted!.id,
        trigger: "schedule",
        state: "succeeded",
        queuedAt: new Date("2026-11-29T10:00:00Z"),
      })
      .returning({ id: syncRuns.id });
    await db.insert(syncChanges).values({
      workspaceId,
      runId: driftRun!.id,
      productId: prods[0]!.id,
      action: "update",
      additionId: 9009,
      before: { quantity: 7 },
      after: { quantity: 7 },
      drift: { lastWritten: 7, found: 5 },
      result: "applied",
      createdAt: new Date("2026-11-29T10:00:01Z"),
    });
    return workspace;
  }

  beforeAll(async () => {
    ({ db } = await createTestDatabase());
    for (const seed of [11, 29, 47]) workspaces.push(await build(seed));
  }, 120_000);

  it("every line's figures and status, every month, read during and after it", async () => {
    let compared = 0;
    for (const workspace of workspaces) {
      for (const month of months) {
        const bounds = monthBounds(month);
        const sources = await listReconciliationSources(db, {
          workspaceId: workspace.id,
          monthStart: bounds.start,
          monthEnd: bounds.end,
        });
        for (const today of todays) {
          const expected = sources.map((row) => reconcileLine(row, month, today));
          const actual = await listReconciliation(db, { workspaceId: workspace.id, month, today });
          expect(actual.length).toBe(expected.length);
          const byKey = new Map(actual.map((line) => [keyOf(line), plain(line)]));
          for (const line of expected)
            expect({ month, today, ...byKey.get(keyOf(line)) }).toEqual({ month, today, ...plain(line) });
          const money = actual.map((line) => Math.abs(line.moneyCents));
          expect(money).toEqual([...money].sort((left, right) => right - left));

          const totals = await totalReconciliation(db, { workspaceId: workspace.id, month, today });
          expect(totals.unfilteredCount).toBe(expected.length);
          expect(totals.underBilledCents).toBe(expected.reduce((sum, line) => sum + Math.max(0, line.moneyCents), 0));
          expect(totals.overBilledCents).toBe(expected.reduce((sum, line) => sum + Math.max(0, -line.moneyCents), 0));
          for (const status of Object.keys(totals.statusCounts) as ReconciliationStatus[])
            expect(totals.statusCounts[status]).toBe(expected.filter((line) => line.status === status).length);
          compared += expected.length;
        }
      }
    }
    // Enough lines that every status and basis came up (asserted below on the data itself).
    expect(compared).toBeGreaterThan(1000);
  });

  it("covers every status and count basis", async () => {
    const seen = new Set<string>();
    for (const workspace of workspaces)
      for (const month of months)
        for (const line of await listReconciliation(db, { workspaceId: workspace.id, month, today: "2026-12-03" }))
          seen.add(line.status).add(`basis:${line.countBasis}`);
    expect([...seen].sort()).toEqual(
      [
        "agreement-cancelled",
        "drift-corrected",
        "in-step",
        "over-billed",
        "under-billed",
        "unmapped-with-usage",
        "sync-off-with-usage",
        "basis:current",
        "basis:peak",
        "basis:last-day",
      ].sort(),
    );
  });

  it("filters and pages: the pages put together are the filtered month, the totals those of the filter", async () => {
    const workspace = workspaces[0]!;
    const month = "2026-11";
    const today = "2026-12-03";
    const every = await listReconciliation(db, { workspaceId: workspace.id, month, today });
    const filters: Array<{ status?: ReconciliationStatus; q?: string }> = [
      { status: "under-billed" },
      { q: "guard a" },
      { status: every.at(-1)!.status, q: every.at(-1)!.productName.toLowerCase() },
    ];
    for (const filter of filters) {
      const expected = every.filter(
        (line) =>
          (!filter.status || line.status === filter.status) &&
          (!filter.q ||
            line.organizationName.toLowerCase().includes(filter.q) ||
            line.productName.toLowerCase().includes(filter.q) ||
            line.productSku.toLowerCase().includes(filter.q)),
      );
      expect(expected.length).toBeGreaterThan(0);
      const pages: ReconciliationLine[] = [];
      for (let offset = 0; offset < expected.length; offset += 7)
        pages.push(
          ...(await listReconciliation(db, { workspaceId: workspace.id, month, today, filter, limit: 7, offset })),
        );
      expect(pages).toEqual(expected);
      const totals = await totalReconciliation(db, { workspaceId: workspace.id, month, today, filter });
      expect(totals.matchingCount).toBe(expected.length);
      expect(totals.underBilledCents).toBe(expected.reduce((sum, line) => sum + Math.max(0, line.moneyCents), 0));
      expect(totals.overBilledCents).toBe(expected.reduce((sum, line) => sum + Math.max(0, -line.moneyCents), 0));
    }
  });

  it("the page: 50 lines a page, next pages in order, the totals of every matching line", async () => {
    const workspace = workspaces[0]!;
    const month = "2026-10";
    const context = await workspace.as("viewer");
    const every = await listReconciliation(db, { workspaceId: workspace.id, month });
    expect(every.length).toBeGreaterThan(reconciliationPageSize);
    const first = await getReconciliationReport(context, { month });
    const second = await getReconciliationReport(context, { month, page: 2 });
    expect(first).toMatchObject({ page: 1, firstLine: 1, matchingCount: every.length, unfilteredCount: every.length });
    expect(first.pageCount).toBe(Math.ceil(every.length / reconciliationPageSize));
    expect(first.lines).toEqual(every.slice(0, reconciliationPageSize));
    expect(second.lines).toEqual(every.slice(reconciliationPageSize, 2 * reconciliationPageSize));
    expect(second.firstLine).toBe(reconciliationPageSize + 1);
    expect(second.underBilledCents).toBe(every.reduce((sum, line) => sum + Math.max(0, line.moneyCents), 0));
    const beyond = await getReconciliationReport(context, { month, page: first.pageCount + 1 });
    expect(beyond.lines).toEqual([]);
    expect(beyond.firstLine).toBe(0);
  });

  it("the set-based rollup (history loaded without triggers) equals what the triggers kept", async () => {
    const snapshot = () =>
      db.execute(sql`
        select organization_id, product_id, month::text, last_day::text, last_quantity::text, peak_quantity::text
        from usage_months where workspace_id = ${workspaces[1]!.id}
        order by organization_id, product_id, month`);
    const kept = await snapshot();
    expect(kept.length).toBeGreaterThan(20);
    await db.execute(sql`delete from usage_months where workspace_id = ${workspaces[1]!.id}`);
    await upsertUsageMonthsFromHistory(db, { workspaceId: workspaces[1]!.id });
    expect(await snapshot()).toEqual(kept);
  });
});
