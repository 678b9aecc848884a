import { eq, inArray } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { insertQueuedRun } from "@/db/queries/sync";
import { mappings, syncRuns } from "@/db/schema";
import { organizationSyncPriority, organizationSyncQueue } from "@/jobs/queues";
import { getJobQueue, jobDatabaseOf, stopJobs } from "@/jobs/send";
import { startJobWorkers } from "@/jobs/worker";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { enqueueDueSyncs, queueScheduledRuns } from "@/lib/sync/enqueue-due-syncs";
import { enqueueOrganizationSync, queueOrganizationRun } from "@/lib/sync/enqueue-organization-sync";
import { lostJobMessage } from "@/lib/sync/recover-lost-sync-jobs";
import { runSyncSchedulerTick } from "@/lib/sync/run-sync-scheduler-tick";
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

class SimulatedCrash extends Error {}

describe("a sync run and its job are queued together", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    useSandboxTransport();
    ({ db } = await createTestDatabase());
    return () => setConnectWiseTransportOverrides({});
  });
  afterEach(async () => {
    await stopJobs(5_000);
    while (cleanups.length > 0) await cleanups.pop()!();
  });

  /** A connected workspace with `count` organizations mapped to agreements; none due for an hour. */
  async function setUp(label: string, count = 1) {
    const sandbox = await startSandbox({ scenario: "demo", seed: 7 });
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
      agreements,
      mappingIds,
      runsOf: (mappingIds: string[]) =>
        db.select().from(syncRuns).where(inArray(syncRuns.mappingId, mappingIds)).orderBy(syncRuns.queuedAt),
      mappingOf: async (mappingId: string) => (await db.select().from(mappings).where(eq(mappings.id, mappingId)))[0]!,
      ours: (agreementId: number) =>
        readAdditions(sandbox, agreementId).filter((addition) => ownItemIds.has(addition.catalogItemId)),
    };
  }

  async function jobsOf(mappingId: string) {
    const boss = await getJobQueue();
    return boss.findJobs(organizationSyncQueue.name, { key: mappingId });
  }

  it("leaves neither runs nor jobs when the scheduler's batch fails after writing both, and queues them next time", async () => {
    const { mappingIds, runsOf, mappingOf } = await setUp("Batch crash", 2);
    const due = new Date(Date.now() - 1000);
    await db.update(mappings).set({ nextDueAt: due }).where(inArray(mappings.id, mappingIds));

    const written: string[] = [];
    await expect(
      db.transaction(async (transaction) => {
        const queued = await queueScheduledRuns(transaction, { mappingIds, now: new Date() });
        written.push(...queued);
        // Both halves are in the transaction when the process "dies" before it commits.
        const boss = await getJobQueue();
        for (const id of queued)
          expect(await boss.findJobs(organizationSyncQueue.name, { id, db: jobDatabaseOf(transaction) })).toHaveLength(
            1,
          );
        throw new SimulatedCrash("the process died before the commit");
      }),
    ).rejects.toBeInstanceOf(SimulatedCrash);
    expect(written).toHaveLength(2);

    expect(await runsOf(mappingIds)).toEqual([]);
    for (const mappingId of mappingIds) {
      expect(await jobsOf(mappingId)).toEqual([]);
      const mapping = await mappingOf(mappingId);
      expect(mapping.nextDueAt).toEqual(due);
      expect(mapping.lastRunState).toBeNull();
    }

    // Nothing was left queued, so the next tick queues both mappings, each run with its job.
    const tick = await enqueueDueSyncs(db, { now: new Date() });
    expect(tick.enqueued).toBeGreaterThanOrEqual(2);
    const runs = await runsOf(mappingIds);
    expect(runs.map((run) => run.state)).toEqual(["queued", "queued"]);
    for (const run of runs) {
      const jobs = await jobsOf(run.mappingId);
      expect(jobs.map((job) => [job.id, job.state, job.priority])).toEqual([
        [run.id, "created", organizationSyncPriority.background],
      ]);
    }
  });

  it("leaves neither a run nor a job when Sync now fails after writing both, and queues them on the next press", async () => {
    const { workspace, mappingIds, runsOf, mappingOf } = await setUp("Press crash");
    const mappingId = mappingIds[0]!;
    const mapping = await mappingOf(mappingId);

    await expect(
      db.transaction(async (transaction) => {
        const queued = await queueOrganizationRun(transaction, {
          workspaceId: workspace.id,
          mapping,
          trigger: "manual",
          priority: organizationSyncPriority.requested,
          now: new Date(),
        });
        expect(queued.deduplicated).toBe(false);
        throw new SimulatedCrash("the process died before the commit");
      }),
    ).rejects.toBeInstanceOf(SimulatedCrash);
    expect(await runsOf([mappingId])).toEqual([]);
    expect(await jobsOf(mappingId)).toEqual([]);
    expect((await mappingOf(mappingId)).lastRunState).toBeNull();

    const pressed = await enqueueOrganizationSync(db, { workspaceId: workspace.id, mappingId, trigger: "manual" });
    expect(pressed.deduplicated).toBe(false);
    const runs = await runsOf([mappingId]);
    expect(runs.map((run) => [run.id, run.state, run.trigger])).toEqual([[pressed.runId, "queued", "manual"]]);
    expect((await jobsOf(mappingId)).map((job) => [job.id, job.state, job.priority])).toEqual([
      [pressed.runId, "created", organizationSyncPriority.requested],
    ]);
    expect(await mappingOf(mappingId)).toMatchObject({ lastRunId: pressed.runId, lastRunState: "queued" });
  });

  it("sends the job of a queued run that has none again at the scheduler tick, and the organization syncs", async () => {
    const { workspace, agreements, mappingIds, runsOf, mappingOf, ours } = await setUp("Lost job");
    const mappingId = mappingIds[0]!;
    const mapping = await mappingOf(mappingId);
    await setUsage(db, {
      organizationId: workspace.organizationIds[0]!,
      productId: workspace.productIds[0]!,
      quantity: 13,
    });
    // What an older version left when it died between the run row and the job: a queued run, no job.
    const lost = await insertQueuedRun(db, {
      workspaceId: workspace.id,
      mappingId,
      organizationId: mapping.organizationId,
      trigger: "manual",
      cwAgreementId: mapping.cwAgreementId,
    });
    await db
      .update(syncRuns)
      .set({ queuedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(syncRuns.id, lost.id));
    expect(await jobsOf(mappingId)).toEqual([]);
    // Every press joins the stuck run: without the recovery the organization would never sync again.
    const pressed = await enqueueOrganizationSync(db, { workspaceId: workspace.id, mappingId, trigger: "manual" });
    expect(pressed).toEqual({ runId: lost.id, deduplicated: true });

    await startJobWorkers({ log: () => {} });
    const tick = await runSyncSchedulerTick(db, { now: new Date() });
    expect(tick.recovered.resent).toBeGreaterThanOrEqual(1);
    const [run] = await waitFor(
      () => runsOf([mappingId]),
      (runs) => runs.length === 1 && (runs[0]!.state === "succeeded" || runs[0]!.state === "failed"),
      "the recovered run to finish",
    );
    expect(run).toMatchObject({ id: lost.id, state: "succeeded", trigger: "manual" });
    expect(ours(agreements[0]!.id).map((addition) => addition.quantity)).toContain(13);
    expect(await mappingOf(mappingId)).toMatchObject({ lastRunId: lost.id, lastRunState: "succeeded" });
  });

  it("fails a stuck run that is not an organization sync, makes its mapping due and queues a fresh run; young runs are left alone", async () => {
    const { workspace, mappingIds, runsOf, mappingOf } = await setUp("Stuck disable", 2);
    const [stuckMappingId, youngMappingId] = mappingIds as [string, string];
    const stuckMapping = await mappingOf(stuckMappingId);
    const youngMapping = await mappingOf(youngMappingId);
    // "Turn sync off" records its work as a run it starts at once, without a job; dying before the
    // start leaves it queued.
    const stuck = await insertQueuedRun(db, {
      workspaceId: workspace.id,
      mappingId: stuckMappingId,
      organizationId: stuckMapping.organizationId,
      trigger: "disable",
      cwAgreementId: stuckMapping.cwAgreementId,
    });
    await db
      .update(syncRuns)
      .set({ queuedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(syncRuns.id, stuck.id));
    await db
      .update(mappings)
      .set({ lastRunId: stuck.id, lastRunState: "queued" })
      .where(eq(mappings.id, stuckMappingId));
    // A run queued a moment ago is within the grace period, whatever its job.
    const young = await insertQueuedRun(db, {
      workspaceId: workspace.id,
      mappingId: youngMappingId,
      organizationId: youngMapping.organizationId,
      trigger: "schedule",
      cwAgreementId: youngMapping.cwAgreementId,
    });

    const tick = await runSyncSchedulerTick(db, { now: new Date() });
    expect(tick.recovered.failed).toBeGreaterThanOrEqual(1);

    const stuckRuns = await runsOf([stuckMappingId]);
    expect(stuckRuns.map((run) => [run.id, run.state, run.error])).toEqual([
      [stuck.id, "failed", lostJobMessage],
      [expect.any(String), "queued", null],
    ]);
    const fresh = stuckRuns[1]!;
    expect(fresh.trigger).toBe("schedule");
    expect((await jobsOf(stuckMappingId)).map((job) => [job.id, job.state])).toEqual([[fresh.id, "created"]]);
    expect(await mappingOf(stuckMappingId)).toMatchObject({ lastRunId: fresh.id, lastRunState: "queued" });

    expect((await runsOf([youngMappingId])).map((run) => [run.id, run.state])).toEqual([[young.id, "queued"]]);
    expect(await jobsOf(youngMappingId)).toEqual([]);
  });
  it("fails a queued run whose job ended without starting it, and the tick queues a fresh run with its job", async () => {
    const { workspace, mappingIds, runsOf, mappingOf } = await setUp("Ended job");
    const mappingId = mappingIds[0]!;
    const mapping = await mappingOf(mappingId);
    const stranded = await insertQueuedRun(db, {
      workspaceId: workspace.id,
      mappingId,
      organizationId: mapping.organizationId,
      trigger: "schedule",
      cwAgreementId: mapping.cwAgreementId,
    });
    await db
      .update(syncRuns)
      .set({ queuedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(syncRuns.id, stranded.id));
    const boss = await getJobQueue();
    await boss.send(
      organizationSyncQueue.name,
      { workspaceId: workspace.id, mappingId, runId: stranded.id },
      { id: stranded.id, singletonKey: mappingId },
    );
    await boss.cancel(organizationSyncQueue.name, stranded.id);

    await runSyncSchedulerTick(db, { now: new Date() });
    const runs = await runsOf([mappingId]);
    expect(runs.map((run) => [run.id, run.state, run.error])).toEqual([
      [
        stranded.id,
        "failed",
        "This run never started: its job ended (cancelled) before the run could begin, so nothing was written.",
      ],
      [expect.any(String), "queued", null],
    ]);
    const jobs = await jobsOf(mappingId);
    expect(jobs.map((job) => [job.id, job.state])).toEqual([
      [stranded.id, "cancelled"],
      [runs[1]!.id, "created"],
    ]);
  });
});
