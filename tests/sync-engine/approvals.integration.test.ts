import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvents, heldChanges } from "@/db/schema";
import { decideHeldChangesAction, setApprovalPolicyAction } from "@/lib/actions/approvals";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { saveMappingAction, setMappingSyncAction as setMappingSync } from "@/lib/actions/mappings";
import { previewSyncAction as previewSync } from "@/lib/actions/sync";
import { getApprovals } from "@/lib/read-models/approvals";
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
  syncOnce,
} from "./sync-harness";
import { useSandboxTransport } from "../harness/sandbox-transport";

/** Changes held for approval: a decrease held, approved, applied; another rejected and kept out. */
describe("approvals", () => {
  let sandbox: Sandbox;
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  let items: Map<string, number>;
  let agreement: { id: number; companyId: number; name: string };
  let mappingId: string;
  let organizationId: string;
  let userProduct: string;
  let gatewayProduct: string;

  const sync = () => syncOnce(db, { workspace, mappingId, organizationId });
  const quantityOf = (productId: string) =>
    readAdditions(sandbox, agreement.id).find((addition) => addition.catalogItemId === items.get(productId))?.quantity;

  beforeAll(async () => {
    useSandboxTransport();
    sandbox = await startSandbox({ scenario: "demo", seed: 14 });
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Approvals");
    [userProduct, gatewayProduct] = workspace.productIds as [string, string];
    organizationId = workspace.organizationIds[0]!;
    await connectWorkspace(sandbox, workspace);
    items = await publishProducts(db, workspace);
    agreement = pickAgreementWithForeignAdditions(sandbox);
    mappingId = await mapOrganization(db, { workspace, organizationId, agreement });
    // The first sync applies everything: no policy yet.
    expect((await sync()).outcome.state).toBe("succeeded");
    expect(quantityOf(userProduct)).toBe(10);
    const policy = await setApprovalPolicyAction.execute(workspace.as("admin"), {
      holdDecreases: true,
      holdIncreasesAbovePercent: 50,
      holdNewLines: true,
      holdCancellations: true,
    });
    expect(policy.ok).toBe(true);
  });
  beforeEach(() => {
    sandbox.clearLog();
  });
  afterAll(async () => {
    setConnectWiseTransportOverrides({});
    await sandbox?.stop();
  });

  it("holds a decrease, shows it in Preview and on the Approvals page, and writes nothing", async () => {
    await setUsage(db, { organizationId, productId: userProduct, quantity: 4 });
    const preview = await previewSync.execute(workspace.as("viewer"), { mappingId });
    if (!preview.ok) throw new Error(preview.error);
    // Not held yet: the preview says what a run would do.
    expect(preview.data.lines.find((line) => line.productName.includes("user"))).toMatchObject({
      result: "held",
      message: "Held for approval: a decrease.",
    });
    const { outcome, changes } = await sync();
    expect(outcome.state).toBe("succeeded");
    expect(outcome.summary).toMatchObject({ held: 1 });
    expect(changes.find((change) => change.productId === userProduct)).toMatchObject({
      action: "update",
      result: "held",
      message: "Held for approval: a decrease.",
    });
    expect(quantityOf(userProduct)).toBe(10);
    expect(sandbox.requests().filter((request) => request.method !== "GET")).toEqual([]);

    const page = await getApprovals(await workspace.as("billing"));
    expect(page.changes).toEqual([
      expect.objectContaining({
        organizationName: "Approvals Alpha Corp",
        productName: "Approvals user plan",
        before: 10,
        after: 4,
        rule: "decrease",
        state: "held",
      }),
    ]);
    // A small increase is not held (50 % threshold); a large one is.
    await setUsage(db, { organizationId, productId: gatewayProduct, quantity: 12 });
    await sync();
    expect(quantityOf(gatewayProduct)).toBe(12);
  });

  it("lets a billing member approve it, and the next run applies it", async () => {
    const [held] = (await getApprovals(await workspace.as("billing"))).changes;
    const decided = await decideHeldChangesAction.execute(workspace.as("billing"), {
      ids: [held!.id],
      decision: "approve",
    });
    expect(decided).toMatchObject({ ok: true, data: { decided: 1 } });
    const { changes } = await sync();
    expect(changes.find((change) => change.productId === userProduct)).toMatchObject({
      result: "applied",
      message: "Approved, then applied.",
    });
    expect(quantityOf(userProduct)).toBe(4);
    expect(await db.select().from(heldChanges).where(eq(heldChanges.workspaceId, workspace.id))).toEqual([]);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.action, "approvals.approved"));
    expect(audit).toEqual([
      expect.objectContaining({
        workspaceId: workspace.id,
        actorUserId: workspace.users.billing.id,
        targetId: held!.id,
      }),
    ]);
  });

  it("keeps a rejected change out until the usage changes again", async () => {
    await setUsage(db, { organizationId, productId: gatewayProduct, quantity: 40 });
    await sync();
    expect(quantityOf(gatewayProduct)).toBe(12);
    const [held] = (await getApprovals(await workspace.as("admin"))).changes;
    expect(held).toMatchObject({ rule: "increase", before: 12, after: 40, moneyImpact: 28 * 9 });
    const rejected = await decideHeldChangesAction.execute(workspace.as("owner"), {
      ids: [held!.id],
      decision: "reject",
    });
    expect(rejected.ok).toBe(true);
    const { changes } = await sync();
    expect(changes.find((change) => change.productId === gatewayProduct)).toMatchObject({ result: "rejected" });
    expect(quantityOf(gatewayProduct)).toBe(12);
    // The usage changes again: a new decision is needed.
    await setUsage(db, { organizationId, productId: gatewayProduct, quantity: 41 });
    await sync();
    expect((await getApprovals(await workspace.as("admin"))).changes).toEqual([
      expect.objectContaining({ after: 41, state: "held" }),
    ]);
    // Usage back to what ConnectWise has: nothing to decide.
    await setUsage(db, { organizationId, productId: gatewayProduct, quantity: 12 });
    await sync();
    expect((await getApprovals(await workspace.as("admin"))).changes).toEqual([]);
  });

  it("applies an approved change at once with approve and sync now", async () => {
    await setUsage(db, { organizationId, productId: userProduct, quantity: 2 });
    await sync();
    const [held] = (await getApprovals(await workspace.as("billing"))).changes;
    const decided = await decideHeldChangesAction.execute(workspace.as("billing"), {
      ids: [held!.id],
      decision: "approve",
      syncNow: true,
    });
    expect(decided).toMatchObject({ ok: true, data: { decided: 1 } });
  });

  it("lets a billing member approve but change nothing else; a viewer may not approve", async () => {
    const save = await saveMappingAction.execute(workspace.as("billing"), {
      organizationId: workspace.organizationIds[1],
      companyId: agreement.companyId,
    });
    expect(save).toMatchObject({ ok: false, code: "forbidden" });
    const toggle = await setMappingSync.execute(workspace.as("billing"), {
      organizationIds: [organizationId],
      enabled: false,
    });
    expect(toggle).toMatchObject({ ok: false, code: "forbidden" });
    const policy = await setApprovalPolicyAction.execute(workspace.as("billing"), {
      holdDecreases: false,
      holdIncreasesAbovePercent: null,
      holdNewLines: false,
      holdCancellations: false,
    });
    expect(policy).toMatchObject({ ok: false, code: "forbidden" });
    const viewer = await decideHeldChangesAction.execute(workspace.as("viewer"), {
      ids: ["00000000-0000-4000-8000-000000000000"],
      decision: "approve",
    });
    expect(viewer).toMatchObject({ ok: false, code: "forbidden" });
    expect((await previewSync.execute(workspace.as("billing"), { mappingId })).ok).toBe(true);
  });
});
