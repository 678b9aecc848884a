import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mappings, psaConnections, syncRuns } from "@/db/schema";
import { getJobQueue } from "@/jobs/send";
import { startJobWorkers } from "@/jobs/worker";
import { organizationSyncJob } from "@/jobs/definitions/organization-sync";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { cancelOwnedAdditions } from "@/lib/sync/cancel-owned-additions";
import { enqueueDueSyncs } from "@/lib/sync/enqueue-due-syncs";
import { enqueueOrganizationSync } from "@/lib/sync/enqueue-organization-sync";
import { syncAllAction, syncNowAction } from "@/lib/actions/sync";
import { insertQueuedRun } from "@/db/queries/sync";
import { runOrganizationSync } from "@/lib/sync/run-organization-sync";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";
import {
  connectWorkspace,
  mapOrganization,
  pickAgreementWithForeignAdditions,
  publishProducts,
  readAdditions,
  setUsage,
} from "./sync-harness";

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe("sync queueing, scheduling and mutual exclusion", () => {
  let sandbox: Sandbox;
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  let items: Map<string, number>;
  const agreements: { id: number; companyId: number; name: string }[] = [];
  const mappingIds: string[] = [];

  async function runsOf(mappingId: string) {
    return db.select().from(syncRuns).where(eq(syncRuns.mappingId, mappingId)).orderBy(syncRuns.queuedAt);
  }

  async function waitUntilIdle(mappingIdsToWatch: string[], timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const busy = await db
        .select({ id: syncRuns.id })
        .from(syncRuns)
        .where(and(inArray(syncRuns.mappingId, mappingIdsToWatch), inArray(syncRuns.state, ["queued", "running"])));
      if (busy.length === 0) return;
      if (Date.now() > deadline) throw new Error("runs did not finish in time");
      await sleep(100);
    }
  }

  beforeAll(async () => {
    process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
    setConnectWiseTransportOverrides({ retryPolicy: { retryAfterScale: 0.001, baseDelayMs: 5, maxDelayMs: 20 } });
    sandbox = await startSandbox({ scenario: "demo", seed: 5 });
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Queue");
    await connectWorkspace(sandbox, workspace);
    items = await publishProducts(db, workspace);
    for (const organizationId of workspace.organizationIds.slice(0, 2)) {
      const agreement = pickAgreementWithForeignAdditions(
        sandbox,
        agreements.map((candidate) => candidate.id),
      );
      agreements.push(agreement);
      mappingIds.push(await mapOrganization(db, { workspace, organizationId, agreement }));
    }
  });
  beforeEach(() => {
    process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
    sandbox.configure({ latencyMs: 0 });
  });
  afterAll(async () => {
    setConnectWiseTransportOverrides({});
    await sandbox?.stop();
  });

  it("queues one run however often Sync now is pressed before it starts", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => syncNowAction.execute(workspace.as("admin"), { mappingIds: [mappingIds[0]] })),
    );
    const runIds = new Set(results.map((result) => (result.ok ? result.data.queued[0]!.runId : result.error)));
    expect(runIds.size).toBe(1);
    expect(await runsOf(mappingIds[0]!)).toHaveLength(1);
    const boss = await getJobQueue();
    const jobs = await boss.findJobs(organizationSyncJob.name, { key: mappingIds[0]! });
    expect(jobs.filter((job) => job.state === "created")).toHaveLength(1);
    const [mapping] = await db.select().from(mappings).where(eq(mappings.id, mappingIds[0]!));
    expect(mapping).toMatchObject({ lastRunState: "queued", lastRunId: [...runIds][0] });
  });

  it("refuses Sync now to a viewer, for a mapping without an agreement, and for another workspace's mapping", async () => {
    expect(await syncNowAction.execute(workspace.as("viewer"), { mappingIds: [mappingIds[0]] })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    const other = await createTestWorkspace(db, "Stranger");
    expect(await syncNowAction.execute(other.as("admin"), { mappingIds: [mappingIds[0]] })).toMatchObject({
      ok: false,
      code: "not-found",
    });
    const [unmapped] = await db
      .insert(mappings)
      .values({ workspaceId: workspace.id, organizationId: workspace.organizationIds[2]!, syncEnabled: true })
      .returning({ id: mappings.id });
    const refused = await syncNowAction.execute(workspace.as("admin"), { mappingIds: [unmapped!.id] });
    expect(refused).toMatchObject({ ok: false });
    if (!refused.ok) expect(refused.error).toMatch(/Choose a ConnectWise company and agreement/);
    await db.delete(mappings).where(eq(mappings.id, unmapped!.id));
  });

  it("runs one run at a time per mapping, with no duplicate, while Sync now is pressed during a scheduled run", async () => {
    await startJobWorkers({ log: () => {} });
    await waitUntilIdle(mappingIds);
    await setUsage(db, {
      organizationId: workspace.organizationIds[0]!,
      productId: workspace.productIds[0]!,
      quantity: 21,
    });
    sandbox.configure({ latencyMs: 150 });
    await db
      .update(mappings)
      .set({ nextDueAt: new Date(Date.now() - 1000) })
      .where(eq(mappings.id, mappingIds[0]!));
    const tick = await enqueueDueSyncs(db, { now: new Date() });
    expect(tick.enqueued).toBeGreaterThanOrEqual(1);
    // Press while the scheduled run is going.
    for (let attempt = 0; attempt < 100; attempt++) {
      const runs = await runsOf(mappingIds[0]!);
      if (runs.some((run) => run.state === "running")) break;
      await sleep(50);
    }
    const presses = await Promise.all(
      Array.from({ length: 8 }, () => syncNowAction.execute(workspace.as("admin"), { mappingIds: [mappingIds[0]] })),
    );
    for (let press = 0; press < 4; press++) {
      presses.push(await syncNowAction.execute(workspace.as("admin"), { mappingIds: [mappingIds[0]] }));
      await sleep(30);
    }
    expect(presses.every((result) => result.ok)).toBe(true);
    await waitUntilIdle(mappingIds);

    const runs = (await runsOf(mappingIds[0]!)).filter((run) => run.startedAt !== null);
    expect(runs.every((run) => run.state === "succeeded")).toBe(true);
    const intervals = runs
      .map((run) => [run.startedAt!.getTime(), run.finishedAt!.getTime()] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let index = 1; index < intervals.length; index++)
      expect(intervals[index]![0]).toBeGreaterThanOrEqual(intervals[index - 1]![1]);
    // The first press queued one run; every later press joined it.
    expect(runs.length).toBeLessThanOrEqual(3);
    const ours = readAdditions(sandbox, agreements[0]!.id).filter((addition) =>
      [...items.values()].includes(addition.catalogItemId),
    );
    expect(ours).toHaveLength(2);
    expect(ours.find((addition) => addition.catalogItemId === items.get(workspace.productIds[0]!))!.quantity).toBe(21);
  });

  it("Sync all runs every enabled mapping, and one organization's failure does not stop another's", async () => {
    sandbox.state.deleteAgreement(agreements[1]!.id);
    await setUsage(db, {
      organizationId: workspace.organizationIds[0]!,
      productId: workspace.productIds[0]!,
      quantity: 22,
    });
    const result = await syncAllAction.execute(workspace.as("admin"), {});
    expect(result).toMatchObject({ ok: true, data: { queued: 2 } });
    await waitUntilIdle(mappingIds);
    const [first] = (await runsOf(mappingIds[0]!)).slice(-1);
    const [second] = (await runsOf(mappingIds[1]!)).slice(-1);
    expect(first).toMatchObject({ state: "succeeded", trigger: "bulk" });
    expect(second).toMatchObject({ state: "failed", trigger: "bulk", errorCode: "agreement-missing" });
    expect(second!.attempt).toBe(1); // permanent: not retried
    const [failedMapping] = await db.select().from(mappings).where(eq(mappings.id, mappingIds[1]!));
    expect(failedMapping!.lastRunMessage).toMatch(/no longer exists in ConnectWise/);
  });

  it("the scheduler skips mappings that are not due, disabled, or whose connection is disconnected", async () => {
    const future = new Date(Date.now() + 30 * 60_000);
    await db.update(mappings).set({ nextDueAt: future }).where(eq(mappings.workspaceId, workspace.id));
    expect((await enqueueDueSyncs(db, { now: new Date() })).due).toBe(0);
    await db
      .update(mappings)
      .set({ nextDueAt: new Date(Date.now() - 1000), syncEnabled: false })
      .where(eq(mappings.workspaceId, workspace.id));
    expect((await enqueueDueSyncs(db, { now: new Date() })).due).toBe(0);
    await db.update(mappings).set({ syncEnabled: true }).where(eq(mappings.workspaceId, workspace.id));
    await db.update(psaConnections).set({ status: "disconnected" }).where(eq(psaConnections.workspaceId, workspace.id));
    expect((await enqueueDueSyncs(db, { now: new Date() })).due).toBe(0);
    await db.update(psaConnections).set({ status: "connected" }).where(eq(psaConnections.workspaceId, workspace.id));
    await db.update(mappings).set({ nextDueAt: future }).where(eq(mappings.workspaceId, workspace.id));
  });

  it("turning sync off cancels the additions Billbridge wrote and nothing else", async () => {
    const agreementId = agreements[0]!.id;
    const foreignBefore = readAdditions(sandbox, agreementId, { includeCancelled: true }).filter(
      (addition) => ![...items.values()].includes(addition.catalogItemId),
    );
    const handMade = sandbox.state.addAddition(agreementId, {
      product: { id: items.get(workspace.productIds[1]!) },
      quantity: 2,
    });
    const result = await cancelOwnedAdditions(db, { workspaceId: workspace.id, mappingId: mappingIds[0]! });
    expect(result).toMatchObject({ cancelled: 2, failed: 0, error: null });
    const live = readAdditions(sandbox, agreementId);
    expect(
      live.filter((addition) => [...items.values()].includes(addition.catalogItemId)).map((addition) => addition.id),
    ).toEqual([handMade.id]);
    expect(
      readAdditions(sandbox, agreementId, { includeCancelled: true }).filter(
        (addition) => ![...items.values()].includes(addition.catalogItemId),
      ),
    ).toEqual(foreignBefore);
    const [run] = (await runsOf(mappingIds[0]!)).slice(-1);
    expect(run).toMatchObject({ trigger: "disable", state: "succeeded" });
  });

  it("a run queued before sync was turned off writes nothing", async () => {
    await db.update(mappings).set({ syncEnabled: true }).where(eq(mappings.id, mappingIds[0]!));
    await setUsage(db, {
      organizationId: workspace.organizationIds[0]!,
      productId: workspace.productIds[0]!,
      quantity: 40,
    });
    const run = await insertQueuedRun(db, {
      workspaceId: workspace.id,
      mappingId: mappingIds[0]!,
      organizationId: workspace.organizationIds[0]!,
      trigger: "schedule",
      cwAgreementId: null,
    });
    await db.update(mappings).set({ syncEnabled: false }).where(eq(mappings.id, mappingIds[0]!));
    sandbox.clearLog();
    const outcome = await runOrganizationSync(db, {
      workspaceId: workspace.id,
      mappingId: mappingIds[0]!,
      runId: run.id,
      attempt: 0,
      willRetry: false,
    });
    expect(outcome).toMatchObject({ state: "succeeded", summary: { skipped: 1 } });
    expect(sandbox.requests()).toEqual([]);
    await db.update(mappings).set({ syncEnabled: true }).where(eq(mappings.id, mappingIds[0]!));
  });

  it("refuses to enqueue for another workspace's mapping", async () => {
    const other = await createTestWorkspace(db, "Other");
    await expect(
      enqueueOrganizationSync(db, { workspaceId: other.id, mappingId: mappingIds[0]!, trigger: "manual" }),
    ).rejects.toThrow(/not found/);
  });
});
