import { beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
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
} from "@/db/schema";
import { listReconciliationSources, tidyReconciliationMonths } from "@/db/queries/reconciliation";
import {
  monthBounds,
  queryReconciliation,
  reconcileLine,
  type ReconciliationLine,
} from "@/lib/reports/reconcile-month";
import { runReconciliationUpkeep } from "@/lib/reports/run-reconciliation-upkeep";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace } from "../harness/workspaces";

const month = "2026-12";
const today = "2026-12-03";

const keyOf = (line: { organizationId: string; productId: string }) => `${line.organizationId}:${line.productId}`;
const plain = (line: ReconciliationLine) =>
  Object.fromEntries(Object.entries(line).map(([key, value]) => [key, typeof value === "number" ? value + 0 : value]));

/**
 * The report's lines are worked out once and kept; a read first works out again the lines of the
 * organizations whose data changed since (triggers on every table the report reads record them).
 * After each kind of write, made directly in the database as any code path would, the kept lines
 * must equal the billing rules applied to the data as it is now, and only the organizations touched
 * may have been worked out again.
 */
describe("reconciliation lines kept between reads", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspaceId: string;
  let orgIds: string[];
  let productIds: string[];
  let mappingIds: string[];

  /** The report now, with how it was brought up to date, checked line by line against the rules. */
  async function readAndCheck() {
    const bounds = monthBounds(month);
    const sources = await listReconciliationSources(db, {
      workspaceId,
      monthStart: bounds.start,
      monthEnd: bounds.end,
    });
    const expected = sources.map((row) => reconcileLine(row, month, today));
    const found = await queryReconciliation(db, { workspaceId, month, today });
    expect(found.lines.length).toBe(expected.length);
    const byKey = new Map(found.lines.map((line) => [keyOf(line), plain(line)]));
    for (const line of expected) expect(byKey.get(keyOf(line))).toEqual(plain(line));
    expect(found.totals.underBilledCents).toBe(expected.reduce((sum, line) => sum + Math.max(0, line.moneyCents), 0));
    return found;
  }

  beforeAll(async () => {
    ({ db } = await createTestDatabase());
    const workspace = await createTestWorkspace(db, "kept");
    workspaceId = workspace.id;
    orgIds = (
      await db
        .insert(organizations)
        .values(
          Array.from({ length: 8 }, (_, index) => ({
            workspaceId,
            externalId: `kept-${index}`,
            name: `Kept ${index}`,
          })),
        )
        .returning({ id: organizations.id })
    ).map((row) => row.id);
    productIds = (
      await db
        .insert(products)
        .values(
          Array.from({ length: 3 }, (_, index) => ({
            workspaceId,
            sku: `K-${index}`,
            name: `Kept product ${index}`,
            description: "Kept",
            unit: "seat",
            cost: "1.00",
            suggestedPrice: `${4 + index}.50`,
          })),
        )
        .returning({ id: products.id })
    ).map((row) => row.id);
    const pairs = orgIds.flatMap((organizationId, o) =>
      productIds.map((productId, p) => ({ organizationId, productId, base: 10 + o * 3 + p })),
    );
    await db.insert(usage).values(pairs.map((pair) => ({ workspaceId, ...pair, quantity: `${pair.base}.00` })));
    await db.insert(usageHistory).values(
      pairs.flatMap((pair) =>
        ["2026-12-01", "2026-12-02"].map((day, index) => ({
          workspaceId,
          organizationId: pair.organizationId,
          productId: pair.productId,
          day,
          quantity: `${pair.base + index}.00`,
          peakQuantity: `${pair.base + index + 1}.00`,
        })),
      ),
    );
    // Six of eight organizations mapped, each to its own agreement; sync on for all of them.
    mappingIds = (
      await db
        .insert(mappings)
        .values(
          orgIds.slice(0, 6).map((organizationId, index) => ({
            workspaceId,
            organizationId,
            cwCompanyId: 100 + index,
            cwAgreementId: 500 + index,
            cwAgreementName: `Agreement ${index}`,
            syncEnabled: true,
          })),
        )
        .returning({ id: mappings.id })
    ).map((row) => row.id);
    await db
      .insert(cwAgreements)
      .values(mappingIds.map((_, index) => ({ workspaceId, cwId: 500 + index, cwCompanyId: 100 + index, name: "A" })));
    let additionId = 1;
    await db.insert(additionLedger).values(
      mappingIds.flatMap((mappingId, o) =>
        productIds.map((productId, p) => ({
          workspaceId,
          additionId: additionId++,
          mappingId,
          cwAgreementId: 500 + o,
          productId,
          quantity: `${10 + o * 3 + p + (o % 2)}`,
          unitPrice: "5.00",
        })),
      ),
    );
  }, 60_000);

  it("works the month out once, then reads it unchanged without working anything out", async () => {
    expect((await readAndCheck()).refresh.worked).toBe("month");
    expect((await readAndCheck()).refresh).toEqual({ worked: "none", organizations: 0 });
  });

  it("after a write to any table the report reads, works out exactly the organizations it touched", async () => {
    const organizationsAfter = async (write: () => Promise<unknown>, count: number) => {
      await write();
      expect((await readAndCheck()).refresh).toEqual({ worked: "organizations", organizations: count });
      expect((await readAndCheck()).refresh.worked).toBe("none");
    };
    // Usage now, and a new day of history (through the monthly rollup's trigger).
    await organizationsAfter(
      () =>
        db
          .update(usage)
          .set({ quantity: "40.00" })
          .where(sql`${usage.organizationId} = ${orgIds[0]!} and ${usage.productId} = ${productIds[0]!}`),
      1,
    );
    await organizationsAfter(
      () =>
        db.insert(usageHistory).values({
          workspaceId,
          organizationId: orgIds[1]!,
          productId: productIds[1]!,
          day: "2026-12-03",
          quantity: "77.00",
          peakQuantity: "80.00",
        }),
      1,
    );
    // What Billbridge wrote; what ConnectWise held at a read, with drift corrected.
    await organizationsAfter(
      () => db.update(additionLedger).set({ quantity: "33" }).where(eq(additionLedger.mappingId, mappingIds[2]!)),
      1,
    );
    await organizationsAfter(async () => {
      const [run] = await db
        .insert(syncRuns)
        .values({
          workspaceId,
          mappingId: mappingIds[3]!,
          organizationId: orgIds[3]!,
          trigger: "schedule",
          state: "succeeded",
          queuedAt: new Date("2026-12-02T10:00:00Z"),
        })
        .returning({ id: syncRuns.id });
      await db.insert(syncChanges).values({
        workspaceId,
        runId: run!.id,
        productId: productIds[0]!,
        action: "update",
        before: { quantity: 2 },
        after: { quantity: 19 },
        drift: { lastWritten: 19, found: 2 },
        result: "applied",
        createdAt: new Date("2026-12-02T10:00:01Z"),
      });
    }, 1);
    // The mapping: sync off; its own count basis; its agreement cancelled.
    await organizationsAfter(
      () => db.update(mappings).set({ syncEnabled: false }).where(eq(mappings.id, mappingIds[4]!)),
      1,
    );
    await organizationsAfter(
      () => db.insert(mappingBillingPolicies).values({ mappingId: mappingIds[5]!, workspaceId, countBasis: "peak" }),
      1,
    );
    await organizationsAfter(
      () =>
        db
          .update(cwAgreements)
          .set({ cancelled: true })
          .where(sql`${cwAgreements.workspaceId} = ${workspaceId} and ${cwAgreements.cwId} = 501`),
      1,
    );
    // An organization renamed; an unmapped organization's usage in one statement with a mapped one's.
    await organizationsAfter(
      () => db.update(organizations).set({ name: "Renamed" }).where(eq(organizations.id, orgIds[6]!)),
      1,
    );
    await organizationsAfter(
      () =>
        db
          .update(usage)
          .set({ quantity: sql`${usage.quantity} + 1` })
          .where(
            sql`${usage.organizationId} in (${orgIds[6]!}, ${orgIds[7]!}) and ${usage.productId} = ${productIds[2]!}`,
          ),
      2,
    );
  });

  it("usage now and a day of history change only their own month; a write Billbridge made changes every month", async () => {
    const november = async () => (await queryReconciliation(db, { workspaceId, month: "2026-11", today })).refresh;
    await readAndCheck();
    await november();
    await db.update(usage).set({ quantity: "41.00" }).where(eq(usage.organizationId, orgIds[2]!));
    await db.insert(usageHistory).values({
      workspaceId,
      organizationId: orgIds[2]!,
      productId: productIds[0]!,
      day: "2026-12-03",
      quantity: "41.00",
    });
    expect(await november()).toEqual({ worked: "none", organizations: 0 });
    expect((await readAndCheck()).refresh).toEqual({ worked: "organizations", organizations: 1 });
    await db.insert(usageHistory).values({
      workspaceId,
      organizationId: orgIds[2]!,
      productId: productIds[0]!,
      day: "2026-11-30",
      quantity: "12.00",
    });
    expect((await readAndCheck()).refresh.worked).toBe("none");
    expect(await november()).toEqual({ worked: "organizations", organizations: 1 });
    await db.update(additionLedger).set({ quantity: "8" }).where(eq(additionLedger.mappingId, mappingIds[2]!));
    expect(await november()).toEqual({ worked: "organizations", organizations: 1 });
    expect((await readAndCheck()).refresh).toEqual({ worked: "organizations", organizations: 1 });
  });

  it("writes that leave the report's figures alone work nothing out", async () => {
    await readAndCheck();
    await db.update(mappings).set({ nextDueAt: new Date(), lastRunState: "succeeded" });
    await db.update(usage).set({ measuredAt: new Date() }).where(eq(usage.workspaceId, workspaceId));
    await db.update(cwAgreements).set({ refreshedAt: new Date() }).where(eq(cwAgreements.workspaceId, workspaceId));
    expect((await readAndCheck()).refresh).toEqual({ worked: "none", organizations: 0 });
  });

  it("a product's price or the workspace's billing policy works the whole month out again", async () => {
    await db.update(products).set({ suggestedPrice: "9.99" }).where(eq(products.id, productIds[1]!));
    expect((await readAndCheck()).refresh.worked).toBe("month");
    await db.insert(billingPolicies).values({ workspaceId, countBasis: "last-day" });
    expect((await readAndCheck()).refresh.worked).toBe("month");
  });

  it("an organization removed leaves the report", async () => {
    await db.delete(organizations).where(eq(organizations.id, orgIds[7]!));
    const found = await readAndCheck();
    expect(found.lines.some((line) => line.organizationId === orgIds[7])).toBe(false);
  });

  it("a write still uncommitted while the month is worked out is worked out at the next read", async () => {
    await readAndCheck();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const writer = db.transaction(async (tx) => {
      await tx
        .update(usage)
        .set({ quantity: "123.00" })
        .where(sql`${usage.organizationId} = ${orgIds[0]!} and ${usage.productId} = ${productIds[2]!}`);
      written();
      await held;
    });
    await wrote;
    // The write is not committed: the kept lines do not include it, and the read sees nothing new.
    const before = await readAndCheck();
    expect(
      before.lines.find((line) => line.organizationId === orgIds[0] && line.productId === productIds[2])!
        .platformQuantity,
    ).not.toBe(123);
    release();
    await writer;
    const after = await readAndCheck();
    expect(after.refresh).toEqual({ worked: "organizations", organizations: 1 });
    expect(
      after.lines.find((line) => line.organizationId === orgIds[0] && line.productId === productIds[2])!
        .platformQuantity,
    ).toBe(123);
  });

  it("upkeep brings a kept running month to the next day, and does not count as a read", async () => {
    await readAndCheck();
    await db.execute(
      sql`update reconciliation_months set read_at = now() - interval '2 days' where workspace_id = ${workspaceId}`,
    );
    const result = await runReconciliationUpkeep(db, new Date("2026-12-04T00:05:00Z"));
    expect(result.runningMonths).toEqual({ none: 0, organizations: 0, month: 1 });
    const [kept] = (await db.execute(sql`
      select running_on::text as "runningOn", read_at < now() - interval '1 day' as "unread"
      from reconciliation_months where workspace_id = ${workspaceId}`)) as unknown as Array<{
      runningOn: string;
      unread: boolean;
    }>;
    expect(kept).toEqual({ runningOn: "2026-12-04", unread: true });
    const nextDay = await queryReconciliation(db, { workspaceId, month, today: "2026-12-04" });
    expect(nextDay.refresh).toEqual({ worked: "none", organizations: 0 });
  });

  it("forgets changes every kept month has seen and drops months nobody reads", async () => {
    await readAndCheck();
    await db.update(usage).set({ quantity: "5.00" }).where(eq(usage.organizationId, orgIds[1]!));
    const pending = async () =>
      Number(
        (
          (await db.execute(
            sql`select count(*)::int as n from reconciliation_changes where workspace_id = ${workspaceId}`,
          )) as unknown as Array<{ n: number }>
        )[0]!.n,
      );
    expect(await pending()).toBeGreaterThan(0);
    // November is kept too and has not seen every change since its last read: those stay until it is read.
    await readAndCheck();
    expect(await pending()).toBeGreaterThan(0);
    await queryReconciliation(db, { workspaceId, month: "2026-11", today });
    expect(await pending()).toBe(0);

    await db.execute(
      sql`update reconciliation_months set read_at = now() - interval '8 days' where workspace_id = ${workspaceId}`,
    );
    const tidied = await tidyReconciliationMonths(db, { unreadDays: 7 });
    expect(tidied.droppedLines).toBeGreaterThan(0);
    const [kept] = (await db.execute(
      sql`select count(*)::int as n from reconciliation_lines where workspace_id = ${workspaceId}`,
    )) as unknown as Array<{ n: number }>;
    expect(kept!.n).toBe(0);
    // Read again: worked out in full.
    expect((await readAndCheck()).refresh.worked).toBe("month");
  });
});
