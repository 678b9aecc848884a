import { and, eq, gt, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, mappings, psaConnections, syncRuns } from "@/db/schema";
import { organizationSyncPriority, organizationSyncQueue } from "@/jobs/queues";
import { getJobQueue, stopJobs } from "@/jobs/send";
import { syncAllAction, syncNowAction } from "@/lib/actions/sync";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { enqueueDueSyncs } from "@/lib/sync/enqueue-due-syncs";
import { requestSyncAll } from "@/lib/sync/request-sync-all";
import { runOrganizationSync } from "@/lib/sync/run-organization-sync";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, organizationIdsOf, type TestWorkspace } from "../harness/workspaces";
import { connectWorkspace, mapOrganization, publishProducts, syncOnce } from "./sync-harness";
import { useSandboxTransport } from "../harness/sandbox-transport";

const hourMs = 60 * 60_000;

describe("Sync all through the scheduler", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  const sandboxes: Sandbox[] = [];

  beforeAll(async () => {
    useSandboxTransport();
    ({ db } = await createTestDatabase());
    return () => setConnectWiseTransportOverrides({});
  });
  afterEach(async () => {
    // This test's mappings are never due again for the next test.
    await db.update(mappings).set({ syncEnabled: false });
    while (sandboxes.length > 0) await sandboxes.pop()!.stop();
  });
  afterAll(async () => {
    await stopJobs(5_000);
  });

  /**
   * A workspace connected to its own sandbox, products published, `count` organizations mapped to
   * agreements of their own and synced once (so each is unchanged: a scheduled run would read nothing),
   * and none of them due for a day.
   */
  async function syncedWorkspace(label: string, count: number) {
    const sandbox = await startSandbox({ scenario: "large", seed: 17, companies: 20, agreements: 40 });
    sandboxes.push(sandbox);
    const workspace = await createTestWorkspace(db, label);
    await connectWorkspace(sandbox, workspace);
    await publishProducts(db, workspace);
    const organizationIds = await organizationIdsOf(db, workspace, count);
    const agreements = sandbox.state
      .agreements()
      .filter((agreement) => !agreement.cancelledFlag && agreement.agreementStatus === "Active")
      .slice(0, count)
      .map((agreement) => ({
        id: agreement.id as number,
        companyId: (agreement.company as { id: number }).id,
        name: agreement.name as string,
      }));
    expect(agreements).toHaveLength(count);
    const mappingIds: string[] = [];
    for (const [index, organizationId] of organizationIds.entries()) {
      const mappingId = await mapOrganization(db, { workspace, organizationId, agreement: agreements[index]! });
      const synced = await syncOnce(db, { workspace, mappingId, organizationId });
      expect(synced.outcome.state).toBe("succeeded");
      mappingIds.push(mappingId);
    }
    const later = new Date(Date.now() + 24 * hourMs);
    await db
      .update(mappings)
      .set({ nextDueAt: later, verifyDueAt: later })
      .where(eq(mappings.workspaceId, workspace.id));
    const agreementOf = new Map(mappingIds.map((mappingId, index) => [mappingId, agreements[index]!.id]));
    return { sandbox, workspace, mappingIds, agreementOf };
  }

  /** A workspace the scheduler sees as connected, with `count` organizations due now (its runs are never worked). */
  async function workspaceWithDue(label: string, count: number) {
    const workspace = await createTestWorkspace(db, label);
    await db.insert(psaConnections).values({
      workspaceId: workspace.id,
      provider: "connectwise",
      siteUrl: "https://connectwise.invalid",
      companyId: "due",
      status: "connected",
    });
    const mappingIds: string[] = [];
    for (const organizationId of workspace.organizationIds.slice(0, count))
      mappingIds.push(
        await mapOrganization(db, { workspace, organizationId, agreement: { id: 1, companyId: 1, name: "Agreement" } }),
      );
    await db
      .update(mappings)
      .set({ nextDueAt: new Date(Date.now() - 1000) })
      .where(eq(mappings.workspaceId, workspace.id));
    return { workspace, mappingIds };
  }

  const runsSince = (workspace: TestWorkspace, since: Date) =>
    db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.workspaceId, workspace.id), gt(syncRuns.queuedAt, since)));
  const queuedOf = async (workspace: TestWorkspace) =>
    (
      await db
        .select({ id: syncRuns.id })
        .from(syncRuns)
        .where(and(eq(syncRuns.workspaceId, workspace.id), eq(syncRuns.state, "queued")))
    ).length;

  /** Works every queued run of the workspace the way the job does, and takes its job off the queue. */
  async function workQueued(workspace: TestWorkspace) {
    const boss = await getJobQueue();
    const queued = await db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.workspaceId, workspace.id), eq(syncRuns.state, "queued")));
    for (const run of queued) {
      const outcome = await runOrganizationSync(db, {
        workspaceId: workspace.id,
        mappingId: run.mappingId,
        runId: run.id,
        attempt: 0,
        willRetry: false,
      });
      expect(outcome.state).toBe("succeeded");
      await boss.deleteJob(organizationSyncQueue.name, run.id);
    }
    return queued.length;
  }

  it("queues more than a workspace's share over several ticks, round-robin with another workspace's due runs; every organization reads once; Sync now goes first", async () => {
    const limit = 3;
    const b = await syncedWorkspace("Fleet", 7);
    const c = await workspaceWithDue("Other", 2);
    const pressedAt = new Date(Date.now() - 1);
    b.sandbox.clearLog();

    // Sync all in B: its share (3 waiting runs) is queued at once, the other 4 follow.
    const request = await requestSyncAll(db, {
      workspaceId: b.workspace.id,
      now: new Date(),
      perWorkspaceLimit: limit,
    });
    expect(request).toMatchObject({ organizations: 7, queuedNow: 3, alreadyQueued: 0, following: 4 });
    expect(request.message).toBe(
      "3 syncs queued now; 4 more follow over the next minutes, taking turns with other workspaces.",
    );
    expect(await queuedOf(b.workspace)).toBe(3);

    // "Sync now" on one of B's organizations still waiting for its turn: it is the next run any worker
    // takes, ahead of B's Sync all, and the capacity reserved for requested runs takes it.
    const waiting = await db
      .select({ id: mappings.id })
      .from(mappings)
      .where(and(eq(mappings.workspaceId, b.workspace.id), eq(mappings.lastRunState, "succeeded")));
    const pressedMapping = waiting[0]!.id;
    const pressed = await syncNowAction.execute(b.workspace.as("admin"), { mappingIds: [pressedMapping] });
    expect(pressed).toMatchObject({ ok: true, data: { queued: [{ deduplicated: false }] } });
    const pressedRun = pressed.ok ? pressed.data.queued[0]!.runId : "";
    const boss = await getJobQueue();
    const [next] = await boss.fetch(organizationSyncQueue.name, {
      minPriority: organizationSyncPriority.requested,
      batchSize: 10,
    });
    expect(next?.id).toBe(pressedRun);
    const manual = await runOrganizationSync(db, {
      workspaceId: b.workspace.id,
      mappingId: pressedMapping,
      runId: pressedRun,
      attempt: 0,
      willRetry: false,
    });
    expect(manual.state).toBe("succeeded");
    await boss.complete(organizationSyncQueue.name, pressedRun);

    // The next tick: C's due runs are queued in it although B still has runs to follow.
    const tick = () => enqueueDueSyncs(db, { now: new Date(), perWorkspaceLimit: limit });
    await tick();
    expect(await queuedOf(c.workspace)).toBe(2);
    expect(await queuedOf(b.workspace)).toBe(3);

    // Workers drain B's queue and the ticks queue the rest of B's organizations.
    let ticks = 0;
    while ((await workQueued(b.workspace)) > 0) {
      await tick();
      ticks += 1;
      expect(ticks).toBeLessThan(10);
    }
    expect(ticks).toBe(2);

    // Every organization of B ran exactly once since the press, and every run read its agreement.
    const runs = await runsSince(b.workspace, pressedAt);
    expect(runs.map((run) => run.mappingId).sort()).toEqual([...b.mappingIds].sort());
    expect(runs.every((run) => run.state === "succeeded")).toBe(true);
    expect(runs.filter((run) => run.trigger === "bulk")).toHaveLength(6);
    expect(runs.find((run) => run.trigger === "manual")?.mappingId).toBe(pressedMapping);
    for (const run of runs) {
      expect(run.summary).not.toMatchObject({ unchanged: 1 });
      expect(run.apiCalls.map((call) => call.method)).toContain("GET");
    }
    const readAgreements = b.sandbox
      .requests()
      .filter((request) => request.method === "GET" && request.pathTemplate.endsWith("/additions"))
      .map((request) => request.path);
    for (const mappingId of b.mappingIds)
      expect(
        readAgreements.filter((path) => path.includes(`/agreements/${b.agreementOf.get(mappingId)}/`)),
      ).toHaveLength(1);
    // Nothing left over: no request pending, no mapping due, and each one's next read a day after this one.
    const after = await db.select().from(mappings).where(eq(mappings.workspaceId, b.workspace.id));
    for (const mapping of after) {
      expect(mapping.syncAllRequestedAt).toBeNull();
      expect(mapping.verifyDueAt).toEqual(new Date(mapping.verifiedAt!.getTime() + 24 * hourMs));
      expect(mapping.nextDueAt!.getTime()).toBeGreaterThan(Date.now());
    }
  });

  it("Sync all's answer and audit event say how many were queued now and how many follow; a run already queued reads too", async () => {
    const b = await syncedWorkspace("Audit", 3);
    // One organization already has a scheduled run waiting (it was due before the press).
    await db
      .update(mappings)
      .set({ nextDueAt: new Date(Date.now() - 1000) })
      .where(eq(mappings.id, b.mappingIds[0]!));
    await enqueueDueSyncs(db, { now: new Date(), workspaceId: b.workspace.id });
    b.sandbox.clearLog();

    const result = await syncAllAction.execute(b.workspace.as("admin"), {});
    expect(result).toEqual({
      ok: true,
      data: {
        organizations: 3,
        queuedNow: 2,
        alreadyQueued: 1,
        following: 0,
        message: "2 syncs queued now; 1 already waiting (it reads the agreement too).",
      },
    });
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.workspaceId, b.workspace.id), eq(auditEvents.action, "sync.all")));
    expect(event?.details).toEqual({ organizations: 3, queuedNow: 2, alreadyQueued: 1, following: 0 });
    expect(await workQueued(b.workspace)).toBe(3);
    // The waiting scheduled run read the agreement too, although nothing had changed.
    const runs = await db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.workspaceId, b.workspace.id), inArray(syncRuns.trigger, ["schedule", "bulk"])));
    expect(runs.map((run) => run.trigger).sort()).toEqual(["bulk", "bulk", "schedule"]);
    for (const run of runs) expect(run.apiCalls.map((call) => call.method)).toEqual(["GET"]);
    // A viewer may not press it.
    expect(await syncAllAction.execute(b.workspace.as("viewer"), {})).toMatchObject({ ok: false });
  });
});
