import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listCatalogProductsWithLinks, updateCatalogSettings } from "@/db/queries/catalog";
import { findConnection } from "@/db/queries/connections";
import { catalogSyncRuns, products, psaConnections } from "@/db/schema";
import { catalogSyncJob } from "@/jobs/definitions/catalog-sync";
import { getJobQueue } from "@/jobs/send";
import { runJob } from "@/jobs/worker";
import { sealSecret } from "@/lib/crypto/secrets";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { getCatalogView } from "@/lib/read-models/catalog";
import { listCatalogOptionsAction, publishCatalogAction, saveCatalogSettingsAction } from "@/lib/actions/catalog";
import { applyConnectWiseAction, checkConnectWiseAction } from "@/lib/actions/connectwise";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";
import { useSandboxTransport } from "../harness/sandbox-transport";

type Db = Awaited<ReturnType<typeof createTestDatabase>>["db"];

describe("publishing the vendor catalog into ConnectWise (against the sandbox)", () => {
  let sandbox: Sandbox;
  let db: Db;

  beforeAll(async () => {
    useSandboxTransport();
    sandbox = await startSandbox({ scenario: "demo", seed: 11 });
    ({ db } = await createTestDatabase());
  });
  beforeEach(() => {
    process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
    sandbox.configure({ faults: { error500: 0, drop: 0, ghostWrite: 0 } });
  });
  afterAll(async () => {
    setConnectWiseTransportOverrides({});
    await sandbox?.stop();
  });

  /** Connect and Apply as an admin would, with the given sandbox member's keys. */
  async function connect(workspace: TestWorkspace, memberName = "integration") {
    const member = sandbox.member(memberName);
    const fields = {
      site: sandbox.site,
      companyId: sandbox.companyId,
      publicKey: member.publicKey,
      privateKey: member.privateKey,
    };
    const check = await checkConnectWiseAction.execute(workspace.as("admin"), fields);
    if (!check.ok || !check.data.checkId) throw new Error(`connect failed: ${JSON.stringify(check)}`);
    const applied = await applyConnectWiseAction.execute(workspace.as("admin"), {
      ...fields,
      checkId: check.data.checkId,
    });
    if (!applied.ok) throw new Error(applied.error);
  }

  /** Someone changes the API member's security role in ConnectWise after Apply: the saved keys become another member's. */
  async function switchMember(workspace: TestWorkspace, memberName: string) {
    const member = sandbox.member(memberName);
    const sealed = sealSecret(member.privateKey);
    await db
      .update(psaConnections)
      .set({
        publicKey: member.publicKey,
        privateKeyCiphertext: sealed.ciphertext,
        privateKeyKeyVersion: sealed.keyVersion,
      })
      .where(eq(psaConnections.workspaceId, workspace.id));
  }

  async function publish(workspace: TestWorkspace) {
    return runJob(
      catalogSyncJob,
      { workspaceId: workspace.id, trigger: "manual" },
      { jobId: randomUUID(), retryCount: 0 },
    );
  }

  async function linksOf(workspace: TestWorkspace) {
    const rows = await listCatalogProductsWithLinks(db, { workspaceId: workspace.id });
    return Object.fromEntries(rows.map(({ product, link }) => [product.sku, link]));
  }

  const itemByIdentifier = (identifier: string) =>
    sandbox.state.catalogItems().filter((item) => String(item.identifier).toLowerCase() === identifier.toLowerCase());

  /** The ConnectWise API calls since the log was cleared, as "METHOD template status". */
  const calls = () => sandbox.requests().map((entry) => `${entry.method} ${entry.pathTemplate} ${entry.status}`);

  describe("one workspace's catalog over several runs", () => {
    let workspace: TestWorkspace;
    let shared: Sandbox;

    // Each test starts from its own ConnectWise (a fresh sandbox) and a new connected workspace, so
    // that it runs alone or in any order; the tests that need the first publish say so.
    beforeEach(async () => {
      shared = sandbox;
      sandbox = await startSandbox({ scenario: "demo", seed: 11 });
      workspace = await createTestWorkspace(db, "Pub");
      await connect(workspace);
    });
    afterEach(async () => {
      await sandbox.stop();
      sandbox = shared;
    });

    /** The first publish: settings chosen, both products created. */
    async function publishFirst() {
      expect(await publish(workspace)).toMatchObject({ status: "succeeded", summary: { created: 2 } });
    }

    it("publishes every product on the first run, with every field ConnectWise requires, after choosing settings", async () => {
      sandbox.clearLog();
      const result = await publish(workspace);
      expect(result).toMatchObject({ status: "succeeded", summary: { created: 2, failed: 0, blocked: 0 } });

      const connection = await findConnection(db, { workspaceId: workspace.id });
      expect(connection!.catalogSettings).toMatchObject({
        productTypeName: "Non-Inventory",
        categoryName: "Security",
        subcategoryName: "SASE",
        unitOfMeasureName: "Each",
        identifierPrefix: "SASE-",
        pricePolicy: { kind: "suggested" },
        taxable: false,
      });
      const settings = connection!.catalogSettings!;

      const [item] = itemByIdentifier("SASE-Pub-USER");
      expect(item).toMatchObject({
        identifier: "SASE-Pub-USER",
        description: "Pub user plan",
        customerDescription: "Pub user plan",
        productClass: "NonInventory",
        price: 9,
        cost: 5,
        taxableFlag: false,
        subcategory: { id: settings.subcategoryId },
        category: { id: settings.categoryId },
        type: { id: settings.productTypeId },
        // The product's own unit ("user"), matched to ConnectWise's "User"; units it lacks use the default.
        unitOfMeasure: { id: settings.unitsByProductUnit!.user!.id },
      });
      expect(settings.unitsByProductUnit!.user!.name).toBe("User");
      expect(item!.inactiveFlag).toBeFalsy();
      expect(itemByIdentifier("SASE-Pub-GATEWAY")).toHaveLength(1);

      const links = await linksOf(workspace);
      expect(links["Pub-USER"]).toMatchObject({
        state: "published",
        cwCatalogItemId: item!.id,
        cwIdentifier: "SASE-Pub-USER",
        lastError: null,
      });
      expect(links["Pub-USER"]!.writtenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(links["Pub-USER"]!.lastSyncedAt).toBeInstanceOf(Date);

      // Four setup tables for the defaults, one lookup for both products, one create each.
      expect(calls().filter((call) => call.startsWith("GET /procurement/catalog"))).toEqual([
        "GET /procurement/catalog 200",
      ]);
      expect(calls().filter((call) => call.startsWith("POST"))).toEqual([
        "POST /procurement/catalog 201",
        "POST /procurement/catalog 201",
      ]);
      const lookup = sandbox
        .requests()
        .find((entry) => entry.pathTemplate === "/procurement/catalog" && entry.method === "GET")!;
      expect(decodeURIComponent(lookup.query)).toMatch(/identifier in \(/i);

      const view = await getCatalogView(await workspace.as("viewer"));
      expect(view.canEdit).toBe(false);
      expect(view.lastFinishedRun).toMatchObject({ state: "succeeded", processed: 2, total: 2 });
      // Apply's own publish still waits in the queue (no worker in this test) and is what the tab follows.
      expect(view).toMatchObject({ active: true, latestRun: { state: "queued", trigger: "apply" } });
      expect(view.products.find((product) => product.sku === "Pub-USER")).toMatchObject({
        state: "published",
        catalogItemId: item!.id,
        identifier: "SASE-Pub-USER",
      });
    });

    it("makes only the lookup call on a second run with nothing changed", async () => {
      await publishFirst();
      sandbox.clearLog();
      const result = await publish(workspace);
      expect(result).toMatchObject({
        status: "succeeded",
        summary: { unchanged: 2, created: 0, updated: 0 },
        apiCalls: 1,
      });
      expect(calls()).toEqual(["GET /procurement/catalog 200"]);
    });

    it("writes only the changed price when the vendor's price changes, and leaves fields it does not own alone", async () => {
      await publishFirst();
      const [before] = itemByIdentifier("SASE-Pub-USER");
      sandbox.state.updateCatalogItem(before!.id, {
        notes: "Entered by hand at the MSP",
        manufacturerPartNumber: "HAND-1",
      });
      await db
        .update(products)
        .set({ suggestedPrice: "9.75" })
        .where(and(eq(products.workspaceId, workspace.id), eq(products.sku, "Pub-USER")));

      sandbox.clearLog();
      const result = await publish(workspace);
      expect(result).toMatchObject({ status: "succeeded", summary: { updated: 1, unchanged: 1 } });
      expect(calls()).toEqual(["GET /procurement/catalog 200", "PATCH /procurement/catalog/{id} 200"]);
      const [after] = itemByIdentifier("SASE-Pub-USER");
      expect(after).toMatchObject({
        id: before!.id,
        price: 9.75,
        cost: 5,
        notes: "Entered by hand at the MSP",
        manufacturerPartNumber: "HAND-1",
        description: before!.description,
      });
      expect((await linksOf(workspace))["Pub-USER"]).toMatchObject({ state: "updated" });

      sandbox.clearLog();
      await publish(workspace);
      expect(calls()).toEqual(["GET /procurement/catalog 200"]);
    });

    it("marks the item of a retired product inactive and never deletes it", async () => {
      await publishFirst();
      await db
        .update(products)
        .set({ active: false })
        .where(and(eq(products.workspaceId, workspace.id), eq(products.sku, "Pub-GATEWAY")));
      sandbox.clearLog();
      const result = await publish(workspace);
      expect(result).toMatchObject({ status: "succeeded", summary: { deactivated: 1, unchanged: 1 } });
      expect(calls()).toEqual(["GET /procurement/catalog 200", "PATCH /procurement/catalog/{id} 200"]);
      const [item] = itemByIdentifier("SASE-Pub-GATEWAY");
      expect(item).toMatchObject({ inactiveFlag: true, price: 9 });
      expect((await linksOf(workspace))["Pub-GATEWAY"]).toMatchObject({ state: "retired", cwCatalogItemId: item!.id });

      sandbox.clearLog();
      await publish(workspace);
      expect(calls()).toEqual(["GET /procurement/catalog 200"]);
      expect(sandbox.requests().some((entry) => entry.method === "DELETE")).toBe(false);
    });

    it("adopts an item that already carries our identifier instead of creating a second one", async () => {
      await publishFirst();
      const settings = (await findConnection(db, { workspaceId: workspace.id }))!.catalogSettings!;
      const existing = sandbox.state.addCatalogItem({
        identifier: "SASE-Pub-DLP",
        description: "DLP add-on (typed by hand)",
        customerDescription: "Data loss prevention",
        subcategory: { id: settings.subcategoryId },
        type: { id: settings.productTypeId },
        price: 3,
        cost: 2.5,
      });
      await db.insert(products).values({
        workspaceId: workspace.id,
        sku: "Pub-DLP",
        name: "DLP Add-on",
        description: "Data loss prevention, per user",
        unit: "user",
        cost: "2.50",
        suggestedPrice: "4.00",
      });

      sandbox.clearLog();
      const result = await publish(workspace);
      expect(result).toMatchObject({ status: "succeeded", summary: { adopted: 1, created: 0 } });
      expect(calls()).toEqual(["GET /procurement/catalog 200", "PATCH /procurement/catalog/{id} 200"]);
      expect(itemByIdentifier("SASE-Pub-DLP")).toHaveLength(1);
      expect(itemByIdentifier("SASE-Pub-DLP")[0]).toMatchObject({
        id: existing.id,
        description: "DLP Add-on",
        price: 4,
        customerDescription: "Data loss prevention, per user",
      });
      expect((await linksOf(workspace))["Pub-DLP"]).toMatchObject({ state: "published", cwCatalogItemId: existing.id });

      sandbox.clearLog();
      await publish(workspace);
      expect(calls()).toEqual(["GET /procurement/catalog 200"]);
    });

    it("applies changed settings from the editor: ids checked against ConnectWise, then a publish queued", async () => {
      await publishFirst();
      await db
        .update(products)
        .set({ active: false })
        .where(and(eq(products.workspaceId, workspace.id), eq(products.sku, "Pub-GATEWAY")));
      expect(await publish(workspace)).toMatchObject({ status: "succeeded", summary: { deactivated: 1 } });
      const options = await listCatalogOptionsAction.execute(workspace.as("admin"), { categoryId: null });
      expect(options.ok).toBe(true);
      if (!options.ok) return;
      const software = options.data.categories.find((category) => category.name === "Software")!;
      const subcategories = await listCatalogOptionsAction.execute(workspace.as("admin"), { categoryId: software.id });
      const licenses = subcategories.ok
        ? subcategories.data.subcategories.find((subcategory) => subcategory.name === "Licenses")!
        : null;
      expect(licenses).toMatchObject({ name: "Licenses" });
      const security = options.data.categories.find((category) => category.name === "Security")!;
      const base = {
        productTypeId: options.data.productTypes[0]!.id,
        categoryId: security.id,
        subcategoryId: licenses!.id,
        unitOfMeasureId: options.data.unitsOfMeasure.find((unit) => unit.name === "User")!.id,
        identifierPrefix: "SASE-",
        pricePolicy: "markup" as const,
        markupPercent: 50,
        taxable: true,
      };
      // The Licenses subcategory of Software does not belong to Security.
      const refused = await saveCatalogSettingsAction.execute(workspace.as("admin"), base);
      expect(refused).toMatchObject({
        ok: false,
        code: "invalid",
        fieldErrors: { subcategoryId: expect.stringMatching(/subcategory/) },
      });

      const saved = await saveCatalogSettingsAction.execute(workspace.as("admin"), {
        ...base,
        categoryId: software.id,
      });
      // No worker runs in this test, so Apply's publish still waits in the queue and takes the change along.
      expect(saved).toMatchObject({
        ok: true,
        data: { message: "Catalog settings saved. The publish already queued will use them." },
      });
      const queued = await db
        .select()
        .from(catalogSyncRuns)
        .where(and(eq(catalogSyncRuns.workspaceId, workspace.id), eq(catalogSyncRuns.state, "queued")));
      expect(queued.map((run) => run.trigger)).toEqual(["apply"]);
      expect((await findConnection(db, { workspaceId: workspace.id }))!.catalogSettings).toMatchObject({
        subcategoryName: "Licenses",
        categoryName: "Software",
        pricePolicy: { kind: "markup", percent: 50 },
      });

      sandbox.clearLog();
      const result = await publish(workspace);
      expect(result).toMatchObject({ status: "succeeded", summary: { updated: 1 } });
      expect(itemByIdentifier("SASE-Pub-USER")[0]).toMatchObject({
        price: 7.5,
        taxableFlag: true,
        subcategory: { id: licenses!.id },
        category: { id: software.id },
      });
      // The retired product's item is left inactive, not updated.
      expect(itemByIdentifier("SASE-Pub-GATEWAY")[0]).toMatchObject({ inactiveFlag: true, price: 9 });
    });
  });

  it("reports products as blocked, with the permission to grant, when the member lacks Product Catalog Add", async () => {
    const workspace = await createTestWorkspace(db, "NoAdd");
    await connect(workspace);
    await switchMember(workspace, "no-catalog-add");
    sandbox.clearLog();
    const result = await publish(workspace);
    expect(result).toMatchObject({ status: "succeeded", summary: { blocked: 2, created: 0 } });
    // The first refusal is enough: the second create is not even attempted.
    expect(calls().filter((call) => call.startsWith("POST"))).toEqual(["POST /procurement/catalog 403"]);
    const view = await getCatalogView(await workspace.as("admin"));
    for (const product of view.products) {
      expect(product.state).toBe("blocked");
      expect(product.message).toContain("Procurement > Product Catalog > Add");
    }
    expect(view.lastFinishedRun).toMatchObject({
      state: "succeeded",
      error: expect.stringContaining("blocked by a missing permission"),
    });
    expect(itemByIdentifier("SASE-NoAdd-USER")).toHaveLength(0);
  });

  it("with the seed-minimum member (no Edit), reports updates as blocked while creates still work", async () => {
    const workspace = await createTestWorkspace(db, "Seed");
    await connect(workspace, "seed-minimum");
    expect(await publish(workspace)).toMatchObject({ status: "succeeded", summary: { created: 2 } });

    await db
      .update(products)
      .set({ suggestedPrice: "11.00" })
      .where(and(eq(products.workspaceId, workspace.id), eq(products.sku, "Seed-USER")));
    await db.insert(products).values({
      workspaceId: workspace.id,
      sku: "Seed-NEW",
      name: "New add-on",
      description: "A new add-on",
      unit: "user",
      cost: "1.00",
      suggestedPrice: "2.00",
    });
    sandbox.clearLog();
    const result = await publish(workspace);
    expect(result).toMatchObject({ status: "succeeded", summary: { created: 1, blocked: 1, unchanged: 1 } });
    expect(calls().sort()).toEqual(
      ["GET /procurement/catalog 200", "PATCH /procurement/catalog/{id} 403", "POST /procurement/catalog 201"].sort(),
    );
    const links = await linksOf(workspace);
    expect(links["Seed-USER"]).toMatchObject({
      state: "blocked",
      lastError: expect.stringContaining("Procurement > Product Catalog > Edit"),
    });
    expect(links["Seed-NEW"]).toMatchObject({ state: "published" });
    expect(itemByIdentifier("SASE-Seed-USER")[0]).toMatchObject({ price: 9 });
    expect(itemByIdentifier("SASE-Seed-NEW")).toHaveLength(1);

    // Still wanted, so the next run tries the update again (one call, then it stops asking).
    sandbox.clearLog();
    await publish(workspace);
    expect(calls()).toEqual(["GET /procurement/catalog 200", "PATCH /procurement/catalog/{id} 403"]);
  });

  it("shows ConnectWise's field message when it refuses an item", async () => {
    const workspace = await createTestWorkspace(db, "Invalid");
    await connect(workspace);
    const tables = {
      categories: sandbox.state.records("categories"),
      subcategories: sandbox.state.records("subcategories"),
      types: sandbox.state.records("productTypes"),
    };
    const hardware = tables.categories.find((category) => category.name === "Hardware")!;
    const sase = tables.subcategories.find((subcategory) => subcategory.name === "SASE")!;
    // Settings that were valid once: the subcategory has since been moved to another category in ConnectWise.
    await updateCatalogSettings(db, {
      workspaceId: workspace.id,
      settings: {
        productTypeId: tables.types[0]!.id,
        productTypeName: String(tables.types[0]!.name),
        categoryId: hardware.id,
        categoryName: "Hardware",
        subcategoryId: sase.id,
        subcategoryName: "SASE",
        unitOfMeasureId: null,
        unitOfMeasureName: null,
        identifierPrefix: "SASE-",
        pricePolicy: { kind: "suggested" },
        taxable: false,
      },
    });
    const result = await publish(workspace);
    expect(result).toMatchObject({ status: "succeeded", summary: { failed: 2, created: 0 } });
    const view = await getCatalogView(await workspace.as("viewer"));
    for (const product of view.products) {
      expect(product.state).toBe("failed");
      expect(product.message).toMatch(
        /^ConnectWise refused it\. subcategory: The subcategory \d+ does not belong to category \d+\./,
      );
    }
  });

  it("never duplicates an item whose create answered 500 after it was applied: the retry adopts it", async () => {
    const workspace = await createTestWorkspace(db, "Ghost");
    await connect(workspace);
    const jobId = randomUUID();
    await publish(workspace); // settings and both items
    await db.insert(products).values({
      workspaceId: workspace.id,
      sku: "Ghost-NEW",
      name: "New add-on",
      description: "A new add-on",
      unit: "user",
      cost: "1.00",
      suggestedPrice: "2.00",
    });
    sandbox.failNext(1, "ghost-500", { method: "POST", pathIncludes: "/procurement/catalog" });
    // A write whose outcome is unknown is not re-sent; the job fails so pg-boss retries it later.
    await expect(
      runJob(catalogSyncJob, { workspaceId: workspace.id, trigger: "manual" }, { jobId, retryCount: 0 }),
    ).rejects.toThrow();
    const [retrying] = await db.select().from(catalogSyncRuns).where(eq(catalogSyncRuns.jobId, jobId));
    expect(retrying).toMatchObject({ state: "queued", error: expect.stringMatching(/^Will try again/) });
    expect((await linksOf(workspace))["Ghost-NEW"]).toMatchObject({ state: "failed" });
    expect(itemByIdentifier("SASE-Ghost-NEW")).toHaveLength(1);

    sandbox.clearLog();
    const retried = await runJob(
      catalogSyncJob,
      { workspaceId: workspace.id, trigger: "manual" },
      { jobId, retryCount: 1 },
    );
    expect(retried).toMatchObject({ status: "succeeded", summary: { adopted: 1, created: 0 } });
    expect(calls()).toEqual(["GET /procurement/catalog 200"]);
    expect(itemByIdentifier("SASE-Ghost-NEW")).toHaveLength(1);
    expect((await linksOf(workspace))["Ghost-NEW"]).toMatchObject({
      state: "published",
      cwCatalogItemId: itemByIdentifier("SASE-Ghost-NEW")[0]!.id,
    });
    const [finished] = await db.select().from(catalogSyncRuns).where(eq(catalogSyncRuns.jobId, jobId));
    expect(finished).toMatchObject({ state: "succeeded", attempt: 1, error: null });
  });

  it("fails the run with ConnectWise's message when the lookup keeps failing on the last attempt", async () => {
    const workspace = await createTestWorkspace(db, "Down");
    await connect(workspace);
    await publish(workspace);
    sandbox.failNext(20, "500", { method: "GET", pathIncludes: "/procurement/catalog" });
    const jobId = randomUUID();
    const result = await runJob(
      catalogSyncJob,
      { workspaceId: workspace.id, trigger: "manual" },
      { jobId, retryCount: catalogSyncJob.retry.limit },
    );
    expect(result).toMatchObject({ failed: expect.any(String) });
    const [run] = await db.select().from(catalogSyncRuns).where(eq(catalogSyncRuns.jobId, jobId));
    expect(run).toMatchObject({ state: "failed", error: expect.stringMatching(/ConnectWise/) });
    expect(run!.finishedAt).toBeInstanceOf(Date);
    sandbox.reset();
  });

  it("queues a real job on Apply, which a worker then runs to publish the catalog", async () => {
    const workspace = await createTestWorkspace(db, "Applied");
    await connect(workspace);
    const [run] = await db.select().from(catalogSyncRuns).where(eq(catalogSyncRuns.workspaceId, workspace.id));
    expect(run).toMatchObject({ trigger: "apply", state: "queued" });

    const boss = await getJobQueue();
    const job = await boss.getJobById(catalogSyncJob.name, run!.jobId);
    expect(job).toMatchObject({
      state: "created",
      singletonKey: workspace.id,
      data: { workspaceId: workspace.id, trigger: "apply" },
    });

    // "Publish now" while that job waits does not queue a second one.
    const again = await publishCatalogAction.execute(workspace.as("admin"), {});
    expect(again).toMatchObject({ ok: true, data: { queued: false, runId: run!.id } });

    // Work exactly that queue, as a worker would.
    const fetched = (await boss.fetch(catalogSyncJob.name, { batchSize: 100 })) ?? [];
    const mine = fetched.find((candidate) => candidate.id === run!.jobId);
    expect(mine).toMatchObject({ id: run!.jobId, name: catalogSyncJob.name });
    const outcome = await runJob(catalogSyncJob, mine!.data, { jobId: mine!.id, retryCount: 0 });
    await boss.complete(catalogSyncJob.name, mine!.id);
    // Put the other workspaces' jobs this fetch took back in the queue, untouched.
    const others = fetched.filter((candidate) => candidate.id !== mine!.id).map((candidate) => candidate.id);
    if (others.length > 0) {
      await boss.cancel(catalogSyncJob.name, others);
      await boss.resume(catalogSyncJob.name, others);
    }
    expect(outcome).toMatchObject({ status: "succeeded", summary: { created: 2 } });
    const [finished] = await db.select().from(catalogSyncRuns).where(eq(catalogSyncRuns.id, run!.id));
    expect(finished).toMatchObject({ state: "succeeded", processed: 2, total: 2 });
    expect(itemByIdentifier("SASE-Applied-USER")).toHaveLength(1);

    const next = await publishCatalogAction.execute(workspace.as("admin"), {});
    expect(next).toMatchObject({ ok: true, data: { queued: true } });
  });

  it("the daily schedule queues one publish per connected workspace, never a second one for a workspace already waiting", async () => {
    // Two workspaces of its own, each with Apply's publish waiting (other tests may have added more).
    for (const label of ["DailyA", "DailyB"]) await connect(await createTestWorkspace(db, label));
    const connected = (await db.select({ workspaceId: psaConnections.workspaceId }).from(psaConnections)).map(
      (row) => row.workspaceId,
    );
    expect(connected.length).toBeGreaterThanOrEqual(2);
    const result = await runJob(catalogSyncJob, catalogSyncJob.schedule!.payload, {
      jobId: randomUUID(),
      retryCount: 0,
    });
    expect(result).toEqual({ enqueued: connected.length });
    for (const workspaceId of connected) {
      const waiting = await db
        .select()
        .from(catalogSyncRuns)
        .where(and(eq(catalogSyncRuns.workspaceId, workspaceId), eq(catalogSyncRuns.state, "queued")));
      expect(waiting, workspaceId).toHaveLength(1);
    }
  });
});
