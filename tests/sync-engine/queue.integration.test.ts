import { and, eq, inArray } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { mappings, psaConnections, rateLimitBuckets, syncRuns } from "@/db/schema";
import { findConnection } from "@/db/queries/connections";
import { listDueMappings } from "@/db/queries/sync";
import { getJobQueue, stopJobs } from "@/jobs/send";
import { startJobWorkers } from "@/jobs/worker";
import { organizationSyncJob } from "@/jobs/definitions/organization-sync";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { cancelOwnedAdditions } from "@/lib/sync/cancel-owned-additions";
import { enqueueDueSyncs } from "@/lib/sync/enqueue-due-syncs";
import { enqueueOrganizationSync } from "@/lib/sync/enqueue-organization-sync";
import { syncAllAction, syncNowAction } from "@/lib/actions/sync";
import { insertQueuedRun } from "@/db/queries/sync";
import { blockBucket, connectionRateLimitKey } from "@/lib/connection/rate-limiter";
import { runOrganizationSync } from "@/lib/sync/run-organization-sync";
import { startSandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace } from "../harness/workspaces";
import {
  connectWorkspace,
  mapOrganization,
  pickAgreementWithForeignAdditions,
  publishProducts,
  readAdditions,
  setUsage,
  syncOnce,
} from "./sync-harness";
import { useSandboxTransport } from "../harness/sandbox-transport";

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Polls `read` until `done` holds; the timeout only bounds a broken run, it is not a speed assumption. */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await sleep(100);
  }
}

describe("sync queueing, scheduling and mutual exclusion", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    useSandboxTransport();
    ({ db } = await createTestDatabase());
    return () => setConnectWiseTransportOverrides({});
  });
  afterEach(async () => {
    // Workers started by a test stop with it, and its mappings are never due again, so that the
    // next test (in any order) starts with no worker and no due mapping of another test.
    await stopJobs(5_000);
    while (cleanups.length > 0) await cleanups.pop()!();
  });

  /**
   * Everything one test needs, of its own: a sandbox, a workspace connected to it with its products
   * published, and `count` organizations mapped to agreements that already carry other additions.
   * The mappings are not due for an hour, so the scheduler leaves them alone unless a test says otherwise.
   */
  async function setUp(label: string, count = 1) {
    const sandbox = await startSandbox({ scenario: "demo", seed: 5 });
    const workspace = await createTestWorkspace(db, label);
    cleanups.push(async () => {
      await db.update(mappings).set({ syncEnabled: false }).where(eq(mappings.workspaceId, workspace.id));
      await sandbox.stop();
    });
    await connectWorkspace(sandbox, workspace);
    const items = await publishProducts(db, workspace);
    const agreements: { id: number; companyId: number; name: string }[] = [];
    const mappingIds: string[] = [];
    for (const organizationId of workspace.organizationIds.slice(0, count)) {
      const agreement = pickAgreementWithForeignAdditions(
        sandbox,
        agreements.map((candidate) => candidate.id),
      );
      agreements.push(agreement);
      mappingIds.push(await mapOrganization(db, { workspace, organizationId, agreement }));
    }
    await db
      .update(mappings)
      .set({ nextDueAt: new Date(Date.now() + 60 * 60_000) })
      .where(eq(mappings.workspaceId, workspace.id));
    const ownItemIds = new Set(items.values());
    return {
      sandbox,
      workspace,
      items,
      agreements,
      mappingIds,
      runsOf: (mappingId: string) =>
        db.select().from(syncRuns).where(eq(syncRuns.mappingId, mappingId)).orderBy(syncRuns.queuedAt),
      /** Additions of our catalog items on the agreement (live ones unless asked). */
      ours: (agreementId: number, options: { includeCancelled?: boolean } = {}) =>
        readAdditions(sandbox, agreementId, options).filter((addition) => ownItemIds.has(addition.catalogItemId)),
      foreign: (agreementId: number, options: { includeCancelled?: boolean } = {}) =>
        readAdditions(sandbox, agreementId, options).filter((addition) => !ownItemIds.has(addition.catalogItemId)),
      waitUntilIdle: () =>
        waitFor(
          () =>
            db
              .select({ id: syncRuns.id, state: syncRuns.state })
              .from(syncRuns)
              .where(and(inArray(syncRuns.mappingId, mappingIds), inArray(syncRuns.state, ["queued", "running"]))),
          (busy) => busy.length === 0,
          "every run of the test's mappings to finish",
        ),
    };
  }

  it("queues one run however often Sync now is pressed before it starts", async () => {
    const { workspace, mappingIds, runsOf } = await setUp("Presses");
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
    const { workspace, mappingIds, runsOf } = await setUp("Refusals");
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
    expect(await syncNowAction.execute(workspace.as("admin"), { mappingIds: [unmapped!.id] })).toEqual({
      ok: false,
      code: "refused",
      error: "Choose a ConnectWise company and agreement for Refusals Gamma Corp before syncing it.",
    });
    expect(await runsOf(mappingIds[0]!)).toEqual([]);
    expect(await runsOf(unmapped!.id)).toEqual([]);
  });

  it("runs one run at a time per mapping, with no duplicate, while Sync now is pressed during a scheduled run", async () => {
    const { sandbox, workspace, items, agreements, mappingIds, runsOf, ours, waitUntilIdle } = await setUp("Scheduled");
    const mappingId = mappingIds[0]!;
    const connection = (await findConnection(db, { workspaceId: workspace.id }))!;
    const bucketKey = connectionRateLimitKey(connection.id);
    await setUsage(db, {
      organizationId: workspace.organizationIds[0]!,
      productId: workspace.productIds[0]!,
      quantity: 21,
    });
    // The scheduled run starts and then waits for ConnectWise, as after a 429 seen by another
    // process: it holds the mapping as "running" for as long as this test keeps the connection held,
    // so every press below happens during it, however fast or slow the machine is.
    await blockBucket(db, { key: bucketKey, until: new Date(Date.now() + 60 * 60_000) });
    await db
      .update(mappings)
      .set({ nextDueAt: new Date(Date.now() - 1000) })
      .where(eq(mappings.id, mappingId));
    sandbox.clearLog();
    await startJobWorkers({ log: () => {} });
    const tick = await enqueueDueSyncs(db, { now: new Date() });
    expect(tick.enqueued).toBeGreaterThanOrEqual(1);
    const [scheduled] = await waitFor(
      () => runsOf(mappingId),
      (runs) => runs.length === 1 && runs[0]!.state === "running",
      "the scheduled run to start",
    );
    expect(scheduled).toMatchObject({ trigger: "schedule", state: "running" });

    const presses = await Promise.all(
      Array.from({ length: 8 }, () => syncNowAction.execute(workspace.as("admin"), { mappingIds: [mappingId] })),
    );
    for (let press = 0; press < 4; press++)
      presses.push(await syncNowAction.execute(workspace.as("admin"), { mappingIds: [mappingId] }));
    // One running and one queued: every press joins the one run queued behind the scheduled one.
    const pressedRunIds = new Set(presses.map((result) => (result.ok ? result.data.queued[0]!.runId : result.error)));
    expect(pressedRunIds.size).toBe(1);
    const [queuedRunId] = [...pressedRunIds];
    expect(queuedRunId).not.toBe(scheduled!.id);
    expect(presses.filter((result) => result.ok && !result.data.queued[0]!.deduplicated)).toHaveLength(1);
    const during = await runsOf(mappingId);
    expect(during.map((run) => [run.id, run.state])).toEqual([
      [scheduled!.id, "running"],
      [queuedRunId, "queued"],
    ]);
    const boss = await getJobQueue();
    const jobs = await boss.findJobs(organizationSyncJob.name, { key: mappingId });
    expect(jobs.map((job) => job.state).sort()).toEqual(["active", "created"]);

    await db.update(rateLimitBuckets).set({ blockedUntil: null }).where(eq(rateLimitBuckets.key, bucketKey));
    await waitUntilIdle();

    const runs = await runsOf(mappingId);
    expect(runs.map((run) => [run.id, run.state])).toEqual([
      [scheduled!.id, "succeeded"],
      [queuedRunId, "succeeded"],
    ]);
    // No overlap: the queued run started only after the scheduled one had finished.
    expect(runs[1]!.startedAt!.getTime()).toBeGreaterThanOrEqual(runs[0]!.finishedAt!.getTime());
    // No duplicate: one addition per product on the agreement, at the usage.
    const additions = ours(agreements[0]!.id);
    expect(additions.map((addition) => addition.catalogItemId).sort()).toEqual([...items.values()].sort());
    expect(additions.find((addition) => addition.catalogItemId === items.get(workspace.productIds[0]!))!.quantity).toBe(
      21,
    );
    // Two writes of additions in all, both by the scheduled run: the second run found the agreement right.
    expect(
      sandbox
        .requests()
        .filter((request) => request.method !== "GET" && request.pathTemplate.endsWith("/additions"))
        .map((request) => [request.method, request.pathTemplate, request.status]),
    ).toEqual([
      ["POST", expect.stringMatching(/\/additions$/), 201],
      ["POST", expect.stringMatching(/\/additions$/), 201],
    ]);
  });

  it("Sync all runs every enabled mapping, and one organization's failure does not stop another's", async () => {
    const { sandbox, workspace, agreements, mappingIds, runsOf, waitUntilIdle } = await setUp("Bulk", 2);
    sandbox.state.deleteAgreement(agreements[1]!.id);
    await setUsage(db, {
      organizationId: workspace.organizationIds[0]!,
      productId: workspace.productIds[0]!,
      quantity: 22,
    });
    await startJobWorkers({ log: () => {} });
    const result = await syncAllAction.execute(workspace.as("admin"), {});
    expect(result).toEqual({
      ok: true,
      data: { organizations: 2, queuedNow: 2, alreadyQueued: 0, following: 0, message: "2 syncs queued now." },
    });
    await waitUntilIdle();
    const first = await runsOf(mappingIds[0]!);
    const second = await runsOf(mappingIds[1]!);
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(first[0]).toMatchObject({ state: "succeeded", trigger: "bulk" });
    expect(second[0]).toMatchObject({ state: "failed", trigger: "bulk", errorCode: "agreement-missing", attempt: 1 });
    const [failedMapping] = await db.select().from(mappings).where(eq(mappings.id, mappingIds[1]!));
    expect(failedMapping!.lastRunMessage).toMatch(/no longer exists in ConnectWise/);
  });

  it("the scheduler skips mappings that are not due, disabled, or whose connection is disconnected", async () => {
    const { workspace, mappingIds, runsOf } = await setUp("Scheduler", 2);
    const dueOfThisWorkspace = async () =>
      (await listDueMappings(db, { now: new Date(), limit: 5000, perWorkspaceLimit: 1000 }))
        .filter((mapping) => mapping.workspaceId === workspace.id)
        .map((mapping) => mapping.id)
        .sort();
    expect(await dueOfThisWorkspace()).toEqual([]);
    await db
      .update(mappings)
      .set({ nextDueAt: new Date(Date.now() - 1000), syncEnabled: false })
      .where(eq(mappings.workspaceId, workspace.id));
    expect(await dueOfThisWorkspace()).toEqual([]);
    await db.update(mappings).set({ syncEnabled: true }).where(eq(mappings.workspaceId, workspace.id));
    await db.update(psaConnections).set({ status: "disconnected" }).where(eq(psaConnections.workspaceId, workspace.id));
    expect(await dueOfThisWorkspace()).toEqual([]);
    await enqueueDueSyncs(db, { now: new Date() });
    for (const mappingId of mappingIds) expect(await runsOf(mappingId)).toEqual([]);
    // The same mappings once connected again are due, and one tick queues one run each.
    await db.update(psaConnections).set({ status: "connected" }).where(eq(psaConnections.workspaceId, workspace.id));
    expect(await dueOfThisWorkspace()).toEqual([...mappingIds].sort());
    await enqueueDueSyncs(db, { now: new Date() });
    await enqueueDueSyncs(db, { now: new Date() });
    for (const mappingId of mappingIds)
      expect((await runsOf(mappingId)).map((run) => [run.trigger, run.state])).toEqual([["schedule", "queued"]]);
  });

  it("turning sync off cancels the additions Billbridge wrote and nothing else", async () => {
    const { sandbox, workspace, items, agreements, mappingIds, runsOf, ours, foreign } = await setUp("Disable");
    const agreementId = agreements[0]!.id;
    const foreignBefore = foreign(agreementId, { includeCancelled: true });
    await setUsage(db, {
      organizationId: workspace.organizationIds[0]!,
      productId: workspace.productIds[0]!,
      quantity: 7,
    });
    const synced = await syncOnce(db, {
      workspace,
      mappingId: mappingIds[0]!,
      organizationId: workspace.organizationIds[0]!,
    });
    expect(synced.outcome.state).toBe("succeeded");
    const written = ours(agreementId);
    expect(written).toHaveLength(2);
    const handMade = sandbox.state.addAddition(agreementId, {
      product: { id: items.get(workspace.productIds[1]!) },
      quantity: 2,
    });
    const result = await cancelOwnedAdditions(db, { workspaceId: workspace.id, mappingId: mappingIds[0]! });
    expect(result).toMatchObject({ cancelled: 2, failed: 0, error: null });
    expect(ours(agreementId).map((addition) => addition.id)).toEqual([handMade.id]);
    expect(
      ours(agreementId, { includeCancelled: true })
        .filter((addition) => addition.cancelledDate !== null)
        .map((addition) => addition.id)
        .sort(),
    ).toEqual(written.map((addition) => addition.id).sort());
    expect(foreign(agreementId, { includeCancelled: true })).toEqual(foreignBefore);
    const [run] = (await runsOf(mappingIds[0]!)).slice(-1);
    expect(run).toMatchObject({ trigger: "disable", state: "succeeded" });
  });

  it("a run queued before sync was turned off writes nothing", async () => {
    const { sandbox, workspace, mappingIds } = await setUp("Late");
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
    expect(outcome).toEqual({ runId: run.id, state: "succeeded", summary: { skipped: 1 }, error: null });
    expect(sandbox.requests()).toEqual([]);
  });

  it("refuses to enqueue for another workspace's mapping", async () => {
    const { mappingIds, runsOf } = await setUp("Owner");
    const other = await createTestWorkspace(db, "Other");
    await expect(
      enqueueOrganizationSync(db, { workspaceId: other.id, mappingId: mappingIds[0]!, trigger: "manual" }),
    ).rejects.toThrow("That organization mapping was not found.");
    expect(await runsOf(mappingIds[0]!)).toEqual([]);
  });
});
