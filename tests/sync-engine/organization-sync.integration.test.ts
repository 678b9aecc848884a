import { and, eq } from "drizzle-orm";
import { computeNextVerifyAt } from "@/lib/sync/schedule";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { findConnection } from "@/db/queries/connections";
import { additionLedger, catalogLinks, mappings, products, psaConnections, usage } from "@/db/schema";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { findRun, insertQueuedRun } from "@/db/queries/sync";
import { previewSyncAction } from "@/lib/actions/sync";
import { runOrganizationSync, TransientSyncError } from "@/lib/sync/run-organization-sync";
import { startSandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace } from "../harness/workspaces";
import {
  connectWorkspace,
  mapOrganization,
  pickAgreementWithForeignAdditions,
  publishProducts,
  readAdditions,
  setSyncPolicy,
  setUsage,
  syncOnce,
} from "./sync-harness";
import { useSandboxTransport } from "../harness/sandbox-transport";

describe("organization sync against the ConnectWise sandbox", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    useSandboxTransport();
    ({ db } = await createTestDatabase());
  });
  afterEach(async () => {
    while (stops.length > 0) await stops.pop()!();
  });
  afterAll(() => setConnectWiseTransportOverrides({}));

  /**
   * Each test's own sandbox and workspace, connected, its two products published and its first
   * organization mapped to an agreement that already carries other additions; usage is 10 of each
   * product. With `synced`, one sync has already written those two additions (quantity 10 each).
   * The request log starts empty.
   */
  async function setUp(options: { synced?: boolean } = {}) {
    process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
    const sandbox = await startSandbox({ scenario: "demo", seed: 11 });
    stops.push(() => sandbox.stop());
    const workspace = await createTestWorkspace(db, "Sync");
    const [userProduct, gatewayProduct] = workspace.productIds as [string, string];
    const organizationId = workspace.organizationIds[0]!;
    await connectWorkspace(sandbox, workspace);
    const items = await publishProducts(db, workspace);
    const agreement = pickAgreementWithForeignAdditions(sandbox);
    const mappingId = await mapOrganization(db, { workspace, organizationId, agreement });
    const ownItems = new Set(items.values());
    const ours = () => readAdditions(sandbox, agreement.id).filter((addition) => ownItems.has(addition.catalogItemId));
    const foreign = () =>
      readAdditions(sandbox, agreement.id, { includeCancelled: true }).filter(
        (addition) => !ownItems.has(addition.catalogItemId),
      );
    const context = {
      sandbox,
      workspace,
      items,
      agreement,
      mappingId,
      organizationId,
      userProduct,
      gatewayProduct,
      foreignBefore: foreign(),
      sync: (syncOptions: { willRetry?: boolean } = {}) =>
        syncOnce(db, { workspace, mappingId, organizationId, ...syncOptions }),
      ours,
      oursFor: (productId: string) => ours().filter((addition) => addition.catalogItemId === items.get(productId)),
      foreign,
    };
    if (options.synced) {
      const { outcome } = await context.sync();
      if (outcome.state !== "succeeded") throw new Error(`the first sync failed: ${outcome.error}`);
    }
    sandbox.clearLog();
    return context;
  }

  it("previews the first sync without writing anything", async () => {
    const { sandbox, workspace, mappingId, ours } = await setUp();
    const preview = await previewSyncAction.execute(workspace.as("viewer"), { mappingId });
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.data.summary.create).toBe(2);
    expect(preview.data.lines.map((line) => [line.productName, line.action, line.after?.quantity])).toEqual(
      expect.arrayContaining([
        ["Sync user plan", "create", 10],
        ["Sync gateway plan", "create", 10],
      ]),
    );
    expect(sandbox.requests().filter((request) => request.method !== "GET")).toEqual([]);
    expect(ours()).toEqual([]);
  });

  it("creates the additions on the first sync, recording every change and call", async () => {
    const { sandbox, agreement, mappingId, userProduct, gatewayProduct, sync, ours, oursFor } = await setUp();
    const { outcome, run, changes } = await sync();
    expect(outcome.state).toBe("succeeded");
    expect(oursFor(userProduct)).toMatchObject([{ quantity: 10 }]);
    expect(oursFor(gatewayProduct)).toMatchObject([{ quantity: 10 }]);
    expect(changes.filter((change) => change.action === "create")).toHaveLength(2);
    expect(changes.every((change) => change.result === "applied")).toBe(true);
    expect(changes.map((change) => change.additionId).sort()).toEqual(
      ours()
        .map((addition) => addition.id)
        .sort(),
    );
    expect(run.apiCalls.map((call) => `${call.method} ${call.status}`)).toEqual(["GET 200", "POST 201", "POST 201"]);
    const ledger = await db.select().from(additionLedger).where(eq(additionLedger.mappingId, mappingId));
    expect(ledger).toHaveLength(2);
    const [mapping] = await db.select().from(mappings).where(eq(mappings.id, mappingId));
    expect(mapping).toMatchObject({ lastRunState: "succeeded", lastRunId: run.id });
    // Nothing more to do until its usage changes or its agreement is due to be read again.
    expect(mapping!.verifiedAt).toEqual(run.startedAt);
    expect(mapping!.desiredFingerprint).toMatch(/^[0-9a-f]{64}$/);
    // Its first read: the next one goes to the mapping's own slot of the day.
    const verifyAt = computeNextVerifyAt({ readAt: run.startedAt!, firstRead: true, mappingId, intervalHours: 24 });
    expect(mapping!.verifyDueAt).toEqual(verifyAt);
    expect(mapping!.nextDueAt).toEqual(verifyAt);
    // The description names the product; the price follows the catalog (no catalog settings yet).
    const created = sandbox.state
      .additions(agreement.id)
      .find((addition) => addition.id === oursFor(userProduct)[0]!.id)!;
    expect(created.description).toBe("Sync user plan");
    expect(created.billCustomer).toBe("Billable");
  });

  it("does nothing when nothing changed", async () => {
    const { sandbox, sync } = await setUp({ synced: true });
    const { outcome, changes } = await sync();
    expect(outcome.state).toBe("succeeded");
    expect(changes.map((change) => change.action)).toEqual(["none", "none"]);
    expect(sandbox.requests().map((request) => request.method)).toEqual(["GET"]);
  });

  it("updates the addition in place when usage changes", async () => {
    const { organizationId, userProduct, sync, oursFor } = await setUp({ synced: true });
    const [before] = oursFor(userProduct);
    await setUsage(db, { organizationId, productId: userProduct, quantity: 15 });
    const { changes } = await sync();
    expect(oursFor(userProduct)).toEqual([expect.objectContaining({ id: before!.id, quantity: 15 })]);
    expect(changes.find((change) => change.action === "update")).toMatchObject({
      additionId: before!.id,
      before: { quantity: 10 },
      after: { quantity: 15 },
      result: "applied",
    });
  });

  it("reports a quantity edited by hand as drift and overwrites it (default policy)", async () => {
    const { sandbox, agreement, userProduct, sync, oursFor } = await setUp({ synced: true });
    const [addition] = oursFor(userProduct);
    sandbox.state.setAdditionQuantity(agreement.id, addition!.id, 99);
    const { changes } = await sync();
    expect(changes.find((change) => change.productId === userProduct)).toMatchObject({
      action: "update",
      drift: { lastWritten: 10, found: 99 },
      before: { quantity: 99 },
      after: { quantity: 10 },
    });
    expect(oursFor(userProduct)[0]!.quantity).toBe(10);
  });

  it("keeps a hand-edited quantity under the keep policy, and says so", async () => {
    const { sandbox, workspace, agreement, userProduct, sync, oursFor } = await setUp({ synced: true });
    await setSyncPolicy(db, workspace.id, { removal: "cancel", drift: "keep", managePrice: true });
    const [addition] = oursFor(userProduct);
    sandbox.state.setAdditionQuantity(agreement.id, addition!.id, 42);
    const { changes } = await sync();
    expect(changes.find((change) => change.productId === userProduct)).toMatchObject({
      action: "drift",
      drift: { lastWritten: 10, found: 42 },
      result: "skipped",
    });
    expect(oursFor(userProduct)[0]!.quantity).toBe(42);
    await setSyncPolicy(db, workspace.id, { removal: "cancel", drift: "overwrite", managePrice: true });
    await sync();
    expect(oursFor(userProduct)[0]!.quantity).toBe(10);
  });

  it("reports a duplicate made by hand as a conflict and touches neither", async () => {
    const { sandbox, items, agreement, organizationId, gatewayProduct, sync, oursFor } = await setUp({ synced: true });
    const duplicate = sandbox.state.addAddition(agreement.id, {
      product: { id: items.get(gatewayProduct) },
      quantity: 3,
    });
    await setUsage(db, { organizationId, productId: gatewayProduct, quantity: 12 });
    const { changes, outcome } = await sync();
    expect(outcome.state).toBe("succeeded");
    const conflict = changes.find((change) => change.productId === gatewayProduct)!;
    expect(conflict).toMatchObject({ action: "conflict", result: "skipped" });
    expect(conflict.message).toContain(String(duplicate.id));
    expect(
      oursFor(gatewayProduct)
        .map((addition) => addition.quantity)
        .sort((a, b) => a - b),
    ).toEqual([3, 10]);
    sandbox.state.deleteAddition(agreement.id, duplicate.id as number);
    await sync();
    expect(oursFor(gatewayProduct)).toMatchObject([{ quantity: 12 }]);
  });

  it("cancels the addition when usage goes to zero", async () => {
    const { sandbox, agreement, organizationId, gatewayProduct, sync, oursFor } = await setUp({ synced: true });
    const [addition] = oursFor(gatewayProduct);
    await setUsage(db, { organizationId, productId: gatewayProduct, quantity: 0 });
    const { changes } = await sync();
    expect(changes.find((change) => change.productId === gatewayProduct)).toMatchObject({
      action: "cancel",
      additionId: addition!.id,
      result: "applied",
    });
    expect(oursFor(gatewayProduct)).toEqual([]);
    expect(
      readAdditions(sandbox, agreement.id, { includeCancelled: true }).find(
        (candidate) => candidate.id === addition!.id,
      )!.cancelledDate,
    ).toMatch(new RegExp(`^${new Date().toISOString().slice(0, 10)}`));
  });

  it("sets the quantity to 0 under the zero policy", async () => {
    const { workspace, organizationId, gatewayProduct, sync, oursFor } = await setUp({ synced: true });
    await setSyncPolicy(db, workspace.id, { removal: "zero", drift: "overwrite", managePrice: true });
    const [created] = oursFor(gatewayProduct);
    expect(created!.quantity).toBe(10);
    await setUsage(db, { organizationId, productId: gatewayProduct, quantity: 0 });
    const { changes } = await sync();
    expect(changes.find((change) => change.productId === gatewayProduct)).toMatchObject({
      action: "zero",
      after: { quantity: 0 },
    });
    expect(oursFor(gatewayProduct)).toEqual([
      expect.objectContaining({ id: created!.id, quantity: 0, cancelledDate: null }),
    ]);
  });

  it("waits out a 429 with Retry-After and succeeds", async () => {
    const { sandbox, organizationId, userProduct, sync, oursFor } = await setUp({ synced: true });
    await setUsage(db, { organizationId, productId: userProduct, quantity: 16 });
    sandbox.failNext(1, "429", { method: "GET", pathIncludes: "/additions" });
    sandbox.failNext(1, "429", { method: "PATCH", pathIncludes: "/additions" });
    const { outcome, run } = await sync();
    expect(outcome.state).toBe("succeeded");
    expect(run.apiCalls.map((call) => `${call.method} ${call.status}`)).toEqual(
      expect.arrayContaining(["GET 429", "GET 200", "PATCH 429", "PATCH 200"]),
    );
    expect(oursFor(userProduct)).toMatchObject([{ quantity: 16 }]);
  });

  it("retries a read that meets 500s, and re-reads instead of re-sending a write that met a 500", async () => {
    const { sandbox, organizationId, userProduct, sync, oursFor } = await setUp({ synced: true });
    await setUsage(db, { organizationId, productId: userProduct, quantity: 17 });
    sandbox.failNext(2, "500", { method: "GET", pathIncludes: "/additions" });
    sandbox.failNext(1, "500", { method: "PATCH", pathIncludes: "/additions" });
    const { outcome, changes } = await sync();
    expect(outcome.state).toBe("succeeded");
    expect(changes.filter((change) => change.productId === userProduct).map((change) => change.result)).toEqual([
      "failed",
      "applied",
    ]);
    expect(oursFor(userProduct)).toMatchObject([{ quantity: 17 }]);
  });

  for (const kind of ["ghost-500", "ghost-drop"] as const) {
    it(`never duplicates a create that was applied but answered with ${kind}`, async () => {
      const { sandbox, mappingId, organizationId, gatewayProduct, sync, oursFor } = await setUp({ synced: true });
      await setUsage(db, { organizationId, productId: gatewayProduct, quantity: 0 });
      await sync();
      expect(oursFor(gatewayProduct)).toEqual([]);
      await setUsage(db, { organizationId, productId: gatewayProduct, quantity: 7 });
      sandbox.failNext(1, kind, { method: "POST", pathIncludes: "/additions" });
      const { outcome, changes } = await sync();
      expect(outcome.state).toBe("succeeded");
      expect(oursFor(gatewayProduct)).toMatchObject([{ quantity: 7 }]);
      const posts = sandbox.requests().filter((request) => request.method === "POST");
      expect(posts).toHaveLength(1);
      const gatewayChanges = changes.filter((change) => change.productId === gatewayProduct);
      expect(gatewayChanges.map((change) => [change.action, change.result])).toEqual([
        ["create", "failed"],
        ["none", "skipped"],
      ]);
      // The ghost-created addition is adopted, so a later hand edit of it is reported as drift.
      const [adopted] = oursFor(gatewayProduct);
      const ledger = await db
        .select()
        .from(additionLedger)
        .where(and(eq(additionLedger.mappingId, mappingId), eq(additionLedger.additionId, adopted!.id)));
      expect(ledger).toHaveLength(1);
    });
  }

  it("keeps a run queued for a retry after transient failures, then finishes it on the next attempt", async () => {
    const { sandbox, workspace, mappingId, organizationId, userProduct, oursFor } = await setUp({ synced: true });
    await setUsage(db, { organizationId, productId: userProduct, quantity: 19 });
    sandbox.failNext(4, "500", { method: "GET", pathIncludes: "/additions" });
    const run = await insertQueuedRun(db, {
      workspaceId: workspace.id,
      mappingId,
      organizationId,
      trigger: "schedule",
      cwAgreementId: null,
    });
    await expect(
      runOrganizationSync(db, { workspaceId: workspace.id, mappingId, runId: run.id, attempt: 0, willRetry: true }),
    ).rejects.toBeInstanceOf(TransientSyncError);
    expect(await findRun(db, { workspaceId: workspace.id, runId: run.id })).toMatchObject({
      state: "queued",
      errorCode: "server-error",
    });
    const [mapping] = await db.select().from(mappings).where(eq(mappings.id, mappingId));
    expect(mapping!.lastRunMessage).toMatch(/^Retrying:/);
    const retried = await runOrganizationSync(db, {
      workspaceId: workspace.id,
      mappingId,
      runId: run.id,
      attempt: 1,
      willRetry: true,
    });
    expect(retried.state).toBe("succeeded");
    expect(await findRun(db, { workspaceId: workspace.id, runId: run.id })).toMatchObject({
      state: "succeeded",
      attempt: 2,
      error: null,
    });
    expect(oursFor(userProduct)).toMatchObject([{ quantity: 19 }]);
  });

  it("fails the run once the retries are used up", async () => {
    const { sandbox, sync } = await setUp();
    sandbox.failNext(4, "500", { method: "GET", pathIncludes: "/additions" });
    const { outcome, run } = await sync({ willRetry: false });
    expect(outcome.state).toBe("failed");
    expect(run.errorCode).toBe("server-error");
  });

  it("never touches additions of other products", async () => {
    const { organizationId, userProduct, gatewayProduct, foreignBefore, sync, oursFor, foreign } = await setUp({
      synced: true,
    });
    await setUsage(db, { organizationId, productId: userProduct, quantity: 25 });
    await setUsage(db, { organizationId, productId: gatewayProduct, quantity: 0 });
    expect((await sync()).outcome.state).toBe("succeeded");
    expect(oursFor(userProduct)).toMatchObject([{ quantity: 25 }]);
    expect(oursFor(gatewayProduct)).toEqual([]);
    expect(foreign()).toEqual(foreignBefore);
  });

  it("gives the seed-minimum member (no Edit) a clear error when a quantity must change", async () => {
    const { sandbox, workspace, mappingId, organizationId, userProduct, sync, oursFor } = await setUp({ synced: true });
    await connectWorkspace(sandbox, workspace, "seed-minimum");
    try {
      await setUsage(db, { organizationId, productId: userProduct, quantity: 30 });
      const { outcome, run, changes } = await sync();
      expect(outcome.state).toBe("failed");
      expect(run.error).toContain("Finance > Agreements > Edit");
      expect(changes.find((change) => change.productId === userProduct)).toMatchObject({
        action: "update",
        result: "failed",
      });
      const [mapping] = await db.select().from(mappings).where(eq(mappings.id, mappingId));
      expect(mapping!.lastRunState).toBe("failed");
      expect(mapping!.lastRunMessage).toContain("Finance > Agreements > Edit");
      expect(oursFor(userProduct)[0]!.quantity).toBe(10);
    } finally {
      await connectWorkspace(sandbox, workspace);
    }
  });

  it("marks the connection unhealthy when the keys stop working", async () => {
    const { workspace, mappingId, sync } = await setUp();
    await db
      .update(psaConnections)
      .set({ publicKey: "revoked-key" })
      .where(eq(psaConnections.workspaceId, workspace.id));
    const { outcome } = await sync({ willRetry: true });
    expect(outcome.state).toBe("failed");
    expect(outcome.error).toMatch(/Settings › Integrations/);
    expect(await findConnection(db, { workspaceId: workspace.id })).toMatchObject({ status: "unhealthy" });
    const [mapping] = await db.select().from(mappings).where(eq(mappings.id, mappingId));
    expect(mapping!.lastRunMessage).toMatch(/API keys/);
  });

  it("retires the addition of a product deleted from the vendor catalog", async () => {
    const { sandbox, workspace, items, agreement, organizationId, sync } = await setUp();
    const [product] = await db
      .insert(products)
      .values({
        workspaceId: workspace.id,
        sku: "SHORT-LIVED",
        name: "Short-lived add-on",
        description: "Add-on",
        unit: "user",
        cost: "1.00",
        suggestedPrice: "2.00",
      })
      .returning({ id: products.id });
    const [firstItem] = [...items.values()];
    const catalogItem = sandbox.state.addCatalogItem({
      ...pickCatalogFields(sandbox.state.catalogItem(firstItem!)!),
      identifier: `${workspace.slug}-SHORT`.toUpperCase(),
    });
    await db.insert(catalogLinks).values({
      workspaceId: workspace.id,
      productId: product!.id,
      cwCatalogItemId: catalogItem.id as number,
      cwIdentifier: "SHORT",
      state: "published",
    });
    await db.insert(usage).values({ workspaceId: workspace.id, organizationId, productId: product!.id, quantity: "5" });
    await sync();
    const [written] = readAdditions(sandbox, agreement.id).filter(
      (addition) => addition.catalogItemId === catalogItem.id,
    );
    expect(written!.quantity).toBe(5);
    await db.delete(products).where(eq(products.id, product!.id));
    const { changes } = await sync();
    expect(changes.find((change) => change.additionId === written!.id)).toMatchObject({
      action: "cancel",
      result: "applied",
      productId: null,
    });
    expect(
      readAdditions(sandbox, agreement.id).filter((addition) => addition.catalogItemId === catalogItem.id),
    ).toEqual([]);
  });

  it("fails clearly when a product's catalog item is gone from ConnectWise, and still syncs the other products", async () => {
    const { workspace, organizationId, userProduct, sync, oursFor } = await setUp();
    const [product] = await db
      .insert(products)
      .values({
        workspaceId: workspace.id,
        sku: "GONE",
        name: "Retired bundle",
        description: "Retired",
        unit: "user",
        cost: "1.00",
        suggestedPrice: "2.00",
      })
      .returning({ id: products.id });
    await db.insert(catalogLinks).values({
      workspaceId: workspace.id,
      productId: product!.id,
      cwCatalogItemId: 987654,
      cwIdentifier: "GONE",
      state: "published",
    });
    await db.insert(usage).values({ workspaceId: workspace.id, organizationId, productId: product!.id, quantity: "3" });
    await setUsage(db, { organizationId, productId: userProduct, quantity: 18 });
    try {
      const { outcome, changes } = await sync();
      expect(outcome.state).toBe("failed");
      expect(outcome.error).toContain("Retired bundle");
      expect(outcome.error).toMatch(/publish the catalog again/);
      expect(changes.find((change) => change.productId === product!.id)).toMatchObject({
        action: "create",
        result: "failed",
      });
      expect(oursFor(userProduct)[0]!.quantity).toBe(18);
    } finally {
      await db.delete(products).where(eq(products.id, product!.id));
    }
  });

  it("fails clearly, without retrying, when the agreement was deleted in ConnectWise", async () => {
    const { sandbox, workspace, agreement } = await setUp();
    const other = pickAgreementWithForeignAdditions(sandbox, [agreement.id]);
    const otherOrganization = workspace.organizationIds[1]!;
    const otherMapping = await mapOrganization(db, { workspace, organizationId: otherOrganization, agreement: other });
    sandbox.state.deleteAgreement(other.id);
    const { outcome, run } = await syncOnce(db, {
      workspace,
      mappingId: otherMapping,
      organizationId: otherOrganization,
      willRetry: true,
    });
    expect(outcome.state).toBe("failed");
    expect(run.error).toContain(`no longer exists in ConnectWise`);
    expect(run.error).toContain("Choose another agreement");
    expect(run.errorCode).toBe("agreement-missing");
  });
});

/** The fields a hand-made catalog item needs, copied from an existing one. */
function pickCatalogFields(item: Record<string, unknown>): Record<string, unknown> {
  const { description, customerDescription, type, subcategory } = item as Record<string, unknown>;
  return {
    description: "Short-lived add-on",
    customerDescription: customerDescription ?? description,
    type,
    subcategory,
  };
}
