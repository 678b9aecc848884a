import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mappings, organizations, psaConnections, syncRuns } from "@/db/schema";
import { organizationSyncPriority, organizationSyncQueue, usageSyncSweepQueue } from "@/jobs/queues";
import { getJobQueue, stopJobs } from "@/jobs/send";
import { setBillingPolicyAction, setMappingBillingPolicyAction } from "@/lib/actions/billing";
import { setSyncSettingsAction, syncNowAction } from "@/lib/actions/sync";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { reportUsageBatch } from "@/lib/platform/report-usage";
import { enqueueDueSyncs } from "@/lib/sync/enqueue-due-syncs";
import { runOrganizationSync } from "@/lib/sync/run-organization-sync";
import { computeNextVerifyAt } from "@/lib/sync/schedule";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, organizationIdsOf, type TestWorkspace } from "../harness/workspaces";
import {
  connectWorkspace,
  mapOrganization,
  pickAgreementWithForeignAdditions,
  publishProducts,
  readAdditions,
  syncOnce,
} from "./sync-harness";
import { useSandboxTransport } from "../harness/sandbox-transport";

const hourMs = 60 * 60_000;
const actor = { tokenId: "00000000-0000-4000-8000-000000000001", tokenName: "platform" };

/** The hourly cycles from an hour from now until just before `end`. */
function hourlyUntil(end: Date): number[] {
  const times: number[] = [];
  for (let at = Date.now() + hourMs; at < end.getTime(); at += hourMs) times.push(at);
  return times;
}

describe("change-driven sync cycles", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  const sandboxes: Sandbox[] = [];

  beforeAll(async () => {
    useSandboxTransport();
    ({ db } = await createTestDatabase());
    return () => setConnectWiseTransportOverrides({});
  });
  afterEach(async () => {
    while (sandboxes.length > 0) await sandboxes.pop()!.stop();
  });
  afterAll(async () => {
    await stopJobs(5_000);
  });

  /** A connected workspace with its products published and its first organization mapped and synced once. */
  async function setUp(label: string) {
    const sandbox = await startSandbox({ scenario: "demo", seed: 11 });
    sandboxes.push(sandbox);
    const workspace = await createTestWorkspace(db, label);
    await connectWorkspace(sandbox, workspace);
    const items = await publishProducts(db, workspace);
    const agreement = pickAgreementWithForeignAdditions(sandbox);
    const organizationId = workspace.organizationIds[0]!;
    const mappingId = await mapOrganization(db, { workspace, organizationId, agreement });
    const first = await syncOnce(db, { workspace, mappingId, organizationId });
    expect(first.outcome.state).toBe("succeeded");
    const mapping = async () => (await db.select().from(mappings).where(eq(mappings.id, mappingId)))[0]!;
    const runs = () => db.select().from(syncRuns).where(eq(syncRuns.mappingId, mappingId)).orderBy(syncRuns.queuedAt);
    const ownItemIds = new Set(items.values());
    return {
      sandbox,
      workspace,
      items,
      agreement,
      mappingId,
      mapping,
      runs,
      ours: () => readAdditions(sandbox, agreement.id).filter((addition) => ownItemIds.has(addition.catalogItemId)),
      /** The scheduler's tick for this workspace at `now`. */
      tick: (now: Date) => enqueueDueSyncs(db, { now, workspaceId: workspace.id }),
      /** Works every queued run of the mapping the way the job does, and takes its job off the queue. */
      work: async () => {
        const boss = await getJobQueue();
        const queued = (await runs()).filter((run) => run.state === "queued");
        const outcomes = [];
        for (const run of queued) {
          outcomes.push(
            await runOrganizationSync(db, {
              workspaceId: workspace.id,
              mappingId,
              runId: run.id,
              attempt: 0,
              willRetry: false,
            }),
          );
          await boss.deleteJob(organizationSyncQueue.name, run.id);
        }
        return outcomes;
      },
    };
  }

  /** The platform reports the workspace's first organization's user count (its gateways stay at 10). */
  async function reportUsers(workspace: TestWorkspace, quantity: number) {
    const [organization] = await db
      .select()
      .from(organizations)
      .where(eq(organizations.id, workspace.organizationIds[0]!));
    const reported = await reportUsageBatch(db, {
      workspaceId: workspace.id,
      input: {
        asOf: new Date().toISOString(),
        organizations: [
          {
            externalId: organization!.externalId,
            quantities: { [`${workspace.label}-USER`]: quantity, [`${workspace.label}-GATEWAY`]: 10 },
          },
        ],
      },
      actor,
    });
    expect(reported).toMatchObject({ kind: "done", applied: 1 });
  }

  it("leaves an unchanged organization alone every hour until its verify read: no run, no ConnectWise request", async () => {
    const { sandbox, mappingId, mapping, runs, tick } = await setUp("Quiet");
    const synced = await mapping();
    // Its first read: the next one is at the mapping's own slot of the day.
    const verifyAt = computeNextVerifyAt({ readAt: synced.verifiedAt!, firstRead: true, mappingId, intervalHours: 24 });
    expect(synced.verifyDueAt).toEqual(verifyAt);
    expect(synced.nextDueAt).toEqual(verifyAt);
    sandbox.clearLog();
    // Every hourly cycle before its verify read: the tick finds nothing to do.
    for (let at = Date.now() + hourMs; at < verifyAt.getTime(); at += hourMs) {
      expect(await tick(new Date(at))).toEqual({ due: 0, enqueued: 0, failed: 0 });
    }
    expect(await runs()).toHaveLength(1);
    expect(sandbox.requests()).toEqual([]);
  });

  it("a scheduled run of an organization due without a real change ends without reading ConnectWise", async () => {
    const { sandbox, workspace, mapping, runs, tick, work } = await setUp("Same");
    const before = await mapping();
    // A billing policy saved again with the same values makes every organization due...
    const saved = await setBillingPolicyAction.execute(workspace.as("admin"), {
      countBasis: "current",
      timing: "immediate",
    });
    expect(saved.ok).toBe(true);
    expect((await mapping()).nextDueAt!.getTime()).toBeLessThanOrEqual(Date.now());
    sandbox.clearLog();
    expect(await tick(new Date())).toMatchObject({ enqueued: 1 });
    // ...but its billed lines are what the last sync left on the agreement, which was read recently.
    const [outcome] = await work();
    expect(outcome).toMatchObject({ state: "succeeded", summary: { unchanged: 1, apiCalls: 0 } });
    expect(sandbox.requests()).toEqual([]);
    const after = await mapping();
    expect(after.lastRunMessage).toMatch(/nothing changed/);
    // Nothing was read: the last read and the next one stay as they were.
    expect(after.verifiedAt).toEqual(before.verifiedAt);
    expect(after.verifyDueAt).toEqual(before.verifyDueAt);
    expect(after.nextDueAt).toEqual(before.verifyDueAt);
    expect((await runs()).map((run) => run.trigger)).toEqual(["manual", "schedule"]);
  });

  it("a usage report makes the organization due at once, and a burst of reports makes one run", async () => {
    const { sandbox, workspace, items, mapping, runs, ours, tick, work } = await setUp("Burst");
    const [organization] = await db
      .select()
      .from(organizations)
      .where(eq(organizations.id, workspace.organizationIds[0]!));
    const sku = `${workspace.label}-USER`;
    for (const quantity of [31, 32, 33]) {
      const reported = await reportUsageBatch(db, {
        workspaceId: workspace.id,
        input: {
          asOf: new Date(Date.now() + quantity).toISOString(),
          organizations: [
            {
              externalId: organization!.externalId,
              quantities: { [sku]: quantity, [`${workspace.label}-GATEWAY`]: 10 },
            },
          ],
        },
        actor,
      });
      expect(reported).toMatchObject({ kind: "done", applied: 1 });
    }
    expect((await mapping()).nextDueAt!.getTime()).toBeLessThanOrEqual(Date.now());
    // One debounced sweep waits for the workspace, however many reports came.
    const boss = await getJobQueue();
    const sweeps = await boss.findJobs(usageSyncSweepQueue.name, { key: workspace.id });
    expect(sweeps.filter((job) => job.state === "created")).toHaveLength(1);
    await boss.deleteJob(
      usageSyncSweepQueue.name,
      sweeps.map((job) => job.id),
    );
    // The sweep (and any tick) queues one run, with the last quantity.
    sandbox.clearLog();
    expect(await tick(new Date())).toMatchObject({ enqueued: 1 });
    expect(await tick(new Date())).toMatchObject({ enqueued: 0 });
    expect((await runs()).filter((run) => run.state === "queued")).toHaveLength(1);
    const [outcome] = await work();
    expect(outcome).toMatchObject({ state: "succeeded" });
    const userItem = items.get(workspace.productIds[0]!)!;
    expect(ours().find((addition) => addition.catalogItemId === userItem)!.quantity).toBe(33);
    expect(sandbox.requests().map((request) => request.method)).toEqual(["GET", "PATCH"]);
  });

  it("reads the agreement when its verify time comes and corrects a hand edit", async () => {
    const { sandbox, workspace, items, agreement, mappingId, mapping, ours, tick, work } = await setUp("Drift");
    const userItem = items.get(workspace.productIds[0]!)!;
    const addition = ours().find((candidate) => candidate.catalogItemId === userItem)!;
    sandbox.state.setAdditionQuantity(agreement.id, addition.id, 99);
    // A day has passed since the last read (as the mapping records it): its verify read is due.
    const verifiedAt = new Date(Date.now() - 24 * hourMs - 60_000);
    const verifyAt = computeNextVerifyAt({ readAt: verifiedAt, firstRead: false, mappingId, intervalHours: 24 });
    expect(verifyAt).toEqual(new Date(verifiedAt.getTime() + 24 * hourMs));
    await db
      .update(mappings)
      .set({ verifiedAt, verifyDueAt: verifyAt, nextDueAt: verifyAt })
      .where(eq(mappings.id, mappingId));
    sandbox.clearLog();
    // Just before its verify time nothing is due; at it, one run reads and corrects the edit.
    expect(await tick(new Date(verifyAt.getTime() - 1000))).toMatchObject({ enqueued: 0 });
    expect(await tick(new Date())).toMatchObject({ enqueued: 1 });
    const [outcome] = await work();
    expect(outcome).toMatchObject({ state: "succeeded", summary: { driftCorrected: 1 } });
    expect(ours().find((candidate) => candidate.catalogItemId === userItem)!.quantity).toBe(10);
    expect(sandbox.requests().map((request) => request.method)).toEqual(["GET", "PATCH"]);
    // The next read is a day after this one.
    const after = await mapping();
    expect(after.verifyDueAt).toEqual(new Date(after.verifiedAt!.getTime() + 24 * hourMs));
    expect(after.nextDueAt).toEqual(after.verifyDueAt);
  });

  it("a read for a change is the day's verify: the organization is not read again at its slot, but a day after", async () => {
    const { sandbox, workspace, items, agreement, mappingId, mapping, ours, runs, tick, work } = await setUp("Read");
    const firstRead = await mapping();
    const slot = firstRead.verifyDueAt!;
    expect(slot).toEqual(
      computeNextVerifyAt({ readAt: firstRead.verifiedAt!, firstRead: true, mappingId, intervalHours: 24 }),
    );
    // Its usage changes: the run reads the agreement and writes the change.
    await reportUsers(workspace, 41);
    sandbox.clearLog();
    expect(await tick(new Date())).toMatchObject({ enqueued: 1 });
    const [changed] = await work();
    expect(changed).toMatchObject({ state: "succeeded" });
    expect(sandbox.requests().map((request) => request.method)).toEqual(["GET", "PATCH"]);
    const read = await mapping();
    const nextRead = new Date(read.verifiedAt!.getTime() + 24 * hourMs);
    expect(read.verifyDueAt).toEqual(nextRead);
    expect(read.nextDueAt).toEqual(nextRead);
    // Every hourly cycle until a day after that read, the mapping's old slot included: nothing runs.
    sandbox.clearLog();
    const runsBefore = (await runs()).length;
    expect(slot.getTime()).toBeLessThan(nextRead.getTime());
    for (const at of [slot.getTime(), ...hourlyUntil(nextRead)])
      expect(await tick(new Date(at))).toEqual({ due: 0, enqueued: 0, failed: 0 });
    expect(await runs()).toHaveLength(runsBefore);
    expect(sandbox.requests()).toEqual([]);
    // A day after the read (the mapping's times moved back a day to stand for it), a hand edit made
    // since is read and corrected: a write only after a read of the line.
    const userItem = items.get(workspace.productIds[0]!)!;
    const addition = ours().find((candidate) => candidate.catalogItemId === userItem)!;
    sandbox.state.setAdditionQuantity(agreement.id, addition.id, 7);
    const dayAgo = new Date(Date.now() - 24 * hourMs);
    await db
      .update(mappings)
      .set({ verifiedAt: new Date(read.verifiedAt!.getTime() - 24 * hourMs), verifyDueAt: dayAgo, nextDueAt: dayAgo })
      .where(eq(mappings.id, mappingId));
    expect(await tick(new Date())).toMatchObject({ enqueued: 1 });
    const [verified] = await work();
    expect(verified).toMatchObject({ state: "succeeded", summary: { driftCorrected: 1 } });
    expect(sandbox.requests().map((request) => request.method)).toEqual(["GET", "PATCH"]);
    expect(ours().find((candidate) => candidate.catalogItemId === userItem)!.quantity).toBe(41);
  });

  it("Sync now reads the agreement, and its read moves the next verify read to a day after it", async () => {
    const { sandbox, workspace, mappingId, mapping, work } = await setUp("Manual");
    const before = await mapping();
    sandbox.clearLog();
    const pressed = await syncNowAction.execute(workspace.as("admin"), { mappingIds: [mappingId] });
    expect(pressed.ok).toBe(true);
    const [outcome] = await work();
    expect(outcome).toMatchObject({ state: "succeeded" });
    expect(sandbox.requests().map((request) => request.method)).toEqual(["GET"]);
    const after = await mapping();
    expect(after.verifiedAt!.getTime()).toBeGreaterThan(before.verifiedAt!.getTime());
    expect(after.verifyDueAt).toEqual(new Date(after.verifiedAt!.getTime() + 24 * hourMs));
    expect(after.nextDueAt).toEqual(after.verifyDueAt);
  });

  it("a shorter verify interval brings every organization's next read forward", async () => {
    const { workspace, mapping } = await setUp("Interval");
    const before = await mapping();
    const saved = await setSyncSettingsAction.execute(workspace.as("admin"), { verifyIntervalHours: 2 });
    expect(saved).toMatchObject({ ok: true, data: { verifyIntervalHours: 2 } });
    const after = await mapping();
    // Its next read comes 2 hours after its last at the latest (earlier when its own slot comes first).
    expect(after.verifyDueAt).toEqual(
      new Date(Math.min(before.verifyDueAt!.getTime(), before.verifiedAt!.getTime() + 2 * hourMs)),
    );
    expect(after.nextDueAt!.getTime()).toBeLessThanOrEqual(before.verifiedAt!.getTime() + 2 * hourMs);
    expect(await setSyncSettingsAction.execute(workspace.as("viewer"), { verifyIntervalHours: 3 })).toMatchObject({
      ok: false,
    });
    expect(await setSyncSettingsAction.execute(workspace.as("admin"), { verifyIntervalHours: 0 })).toMatchObject({
      ok: false,
    });
  });

  it("an organization's billing policy change makes only that organization due", async () => {
    const { workspace, mapping } = await setUp("Override");
    expect((await mapping()).nextDueAt!.getTime()).toBeGreaterThan(Date.now());
    const saved = await setMappingBillingPolicyAction.execute(workspace.as("admin"), {
      organizationId: workspace.organizationIds[0]!,
      countBasis: "peak",
      timing: null,
    });
    expect(saved.ok).toBe(true);
    expect((await mapping()).nextDueAt!.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe("fairness between workspaces", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];

  beforeAll(async () => {
    ({ db } = await createTestDatabase());
  });
  afterAll(async () => {
    await stopJobs(5_000);
  });

  /** A workspace marked connected with `count` organizations mapped (to agreement 1) and due now. */
  async function workspaceWithDue(label: string, count: number) {
    const workspace = await createTestWorkspace(db, label);
    await markConnected(workspace);
    const organizationIds = await organizationIdsOf(db, workspace, count);
    const mappingIds: string[] = [];
    for (const organizationId of organizationIds)
      mappingIds.push(
        await mapOrganization(db, { workspace, organizationId, agreement: { id: 1, companyId: 1, name: "Agreement" } }),
      );
    await db
      .update(mappings)
      .set({ nextDueAt: new Date(Date.now() - 1000) })
      .where(eq(mappings.workspaceId, workspace.id));
    return { workspace, mappingIds };
  }

  /** The scheduler only needs to see a working connection; no run of these is worked. */
  async function markConnected(workspace: TestWorkspace) {
    await db.insert(psaConnections).values({
      workspaceId: workspace.id,
      provider: "connectwise",
      siteUrl: "https://connectwise.invalid",
      companyId: "fair",
      status: "connected",
    });
  }

  it("a workspace's scheduled backlog is capped and shared round-robin, and Sync now goes ahead of every backlog", async () => {
    const a = await workspaceWithDue("Busy", 12);
    const b = await workspaceWithDue("Calm", 2);
    const queuedOf = async (workspaceId: string) =>
      (
        await db
          .select()
          .from(syncRuns)
          .where(and(eq(syncRuns.workspaceId, workspaceId), eq(syncRuns.state, "queued")))
      ).length;

    // Each workspace may have 5 scheduled runs waiting: A's 12 due do not crowd out B's 2.
    const first = await enqueueDueSyncs(db, { now: new Date(), perWorkspaceLimit: 5 });
    expect(first.enqueued).toBe(7);
    expect(await queuedOf(a.workspace.id)).toBe(5);
    expect(await queuedOf(b.workspace.id)).toBe(2);
    // The rest of A's stay due; a tick while its 5 wait adds none.
    expect(await enqueueDueSyncs(db, { now: new Date(), perWorkspaceLimit: 5 })).toMatchObject({ enqueued: 0 });
    expect(await queuedOf(a.workspace.id)).toBe(5);

    // "Sync now" in B: its run is the next one any worker takes, and the capacity reserved for
    // requested runs takes it and nothing of the backlog.
    const calm = await createTestWorkspace(db, "Calm2");
    await markConnected(calm);
    const pressedMapping = await mapOrganization(db, {
      workspace: calm,
      organizationId: calm.organizationIds[0]!,
      agreement: { id: 2, companyId: 1, name: "Agreement" },
    });
    const pressed = await syncNowAction.execute(calm.as("admin"), { mappingIds: [pressedMapping] });
    expect(pressed.ok).toBe(true);
    const runId = pressed.ok ? pressed.data.queued[0]!.runId : "";
    const boss = await getJobQueue();
    const [reserved] = await boss.fetch(organizationSyncQueue.name, {
      minPriority: organizationSyncPriority.requested,
      batchSize: 10,
    });
    expect(reserved?.id).toBe(runId);
    expect(
      await boss.fetch(organizationSyncQueue.name, { minPriority: organizationSyncPriority.requested, batchSize: 10 }),
    ).toEqual([]);

    // "Sync now" on one of A's waiting scheduled runs raises that run ahead of the backlog.
    const [waiting] = await db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.workspaceId, a.workspace.id), eq(syncRuns.state, "queued")))
      .limit(1);
    const raised = await syncNowAction.execute(a.workspace.as("admin"), { mappingIds: [waiting!.mappingId] });
    expect(raised).toMatchObject({ ok: true, data: { queued: [{ runId: waiting!.id, deduplicated: true }] } });
    const [next] = await boss.fetch(organizationSyncQueue.name, { batchSize: 1 });
    expect(next?.id).toBe(waiting!.id);
  });
});
