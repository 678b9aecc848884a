import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { additionLedger, mappings } from "@/db/schema";
import { connectWiseClientForWorkspace, setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
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

/**
 * Two organizations mapped to one agreement: each one's usage is billed on lines of its own,
 * labelled with its name, whichever syncs first and when both sync at once.
 */
describe("two organizations on one agreement", () => {
  let sandbox: Sandbox;
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  let items: Map<string, number>;
  let agreement: { id: number; companyId: number; name: string };
  let alpha: { organizationId: string; mappingId: string };
  let beta: { organizationId: string; mappingId: string };
  let userProduct: string;
  let gatewayProduct: string;
  let foreignBefore: string;

  const sync = (organization: { organizationId: string; mappingId: string }) =>
    syncOnce(db, { workspace, ...organization });
  const ours = () =>
    sandbox.state
      .additions(agreement.id)
      .filter(
        (addition) => !addition.cancelledDate && [...items.values()].includes((addition.product as { id: number }).id),
      )
      .map((addition) => ({
        id: addition.id as number,
        catalogItemId: (addition.product as { id: number }).id,
        quantity: addition.quantity as number,
        label: addition.invoiceDescription as string | null,
      }));
  /** The live quantities of one product on the agreement, by the organization its label names. */
  const billed = (productId: string) =>
    Object.fromEntries(
      ours()
        .filter((addition) => addition.catalogItemId === items.get(productId))
        .map((addition) => [addition.label?.split(" — ")[1] ?? "unlabelled", addition.quantity])
        .sort(([left], [right]) => String(left).localeCompare(String(right))),
    );
  const foreign = () =>
    JSON.stringify(
      readAdditions(sandbox, agreement.id, { includeCancelled: true }).filter(
        (addition) => ![...items.values()].includes(addition.catalogItemId),
      ),
    );

  beforeAll(async () => {
    useSandboxTransport();
    sandbox = await startSandbox({ scenario: "demo", seed: 12 });
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Shared");
    [userProduct, gatewayProduct] = workspace.productIds as [string, string];
    await connectWorkspace(sandbox, workspace);
    items = await publishProducts(db, workspace);
    agreement = pickAgreementWithForeignAdditions(sandbox);
    const [alphaId, betaId] = workspace.organizationIds as [string, string];
    alpha = {
      organizationId: alphaId,
      mappingId: await mapOrganization(db, { workspace, organizationId: alphaId, agreement }),
    };
    beta = {
      organizationId: betaId,
      mappingId: await mapOrganization(db, { workspace, organizationId: betaId, agreement }),
    };
    foreignBefore = foreign();
  });
  beforeEach(() => {
    process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
    sandbox.configure({ rateLimitPerMinute: null, faults: { error500: 0, drop: 0, ghostWrite: 0 } });
    sandbox.clearLog();
  });
  afterAll(async () => {
    setConnectWiseTransportOverrides({});
    await sandbox?.stop();
  });

  it("bills the first organization, then the second beside it, without touching the first one's lines", async () => {
    // Usage from the harness: Alpha 10 of each product, Beta 20 of each.
    expect((await sync(alpha)).outcome.state).toBe("succeeded");
    expect(billed(userProduct)).toEqual({ "Shared Alpha Corp": 10 });
    const alphaLines = ours();

    const second = await sync(beta);
    expect(second.outcome.state).toBe("succeeded");
    expect(second.changes.filter((change) => change.action === "create")).toHaveLength(2);
    expect(billed(userProduct)).toEqual({ "Shared Alpha Corp": 10, "Shared Beta Corp": 20 });
    expect(billed(gatewayProduct)).toEqual({ "Shared Alpha Corp": 10, "Shared Beta Corp": 20 });
    // Alpha's lines are exactly as they were: same ids, same quantities.
    for (const line of alphaLines) expect(ours()).toContainEqual(line);

    // Syncing Alpha again changes nothing: Beta's lines are not Alpha's to cancel.
    sandbox.clearLog();
    const again = await sync(alpha);
    expect(again.changes.map((change) => change.action)).toEqual(["none", "none"]);
    expect(sandbox.requests().filter((request) => request.method !== "GET")).toEqual([]);
    expect(foreign()).toBe(foreignBefore);
  });

  it("keeps each organization's lines its own in the ledger", async () => {
    const ledger = await db.select().from(additionLedger).where(eq(additionLedger.cwAgreementId, agreement.id));
    expect(ledger.filter((entry) => entry.mappingId === alpha.mappingId)).toHaveLength(2);
    expect(ledger.filter((entry) => entry.mappingId === beta.mappingId)).toHaveLength(2);
  });

  it("applies each organization's change in the other order too", async () => {
    await setUsage(db, { organizationId: alpha.organizationId, productId: userProduct, quantity: 15 });
    await setUsage(db, { organizationId: beta.organizationId, productId: userProduct, quantity: 0 });
    const first = await sync(beta);
    expect(first.changes.find((change) => change.productId === userProduct)?.action).toBe("cancel");
    expect(billed(userProduct)).toEqual({ "Shared Alpha Corp": 10 });
    await sync(alpha);
    expect(billed(userProduct)).toEqual({ "Shared Alpha Corp": 15 });
    expect(billed(gatewayProduct)).toEqual({ "Shared Alpha Corp": 10, "Shared Beta Corp": 20 });
  });

  it("bills both exactly once when they sync at the same time", async () => {
    await setUsage(db, { organizationId: alpha.organizationId, productId: gatewayProduct, quantity: 3 });
    await setUsage(db, { organizationId: beta.organizationId, productId: gatewayProduct, quantity: 4 });
    await setUsage(db, { organizationId: beta.organizationId, productId: userProduct, quantity: 7 });
    const [left, right] = await Promise.all([sync(alpha), sync(beta)]);
    expect([left.outcome.state, right.outcome.state]).toEqual(["succeeded", "succeeded"]);
    expect(billed(userProduct)).toEqual({ "Shared Alpha Corp": 15, "Shared Beta Corp": 7 });
    expect(billed(gatewayProduct)).toEqual({ "Shared Alpha Corp": 3, "Shared Beta Corp": 4 });
    expect(foreign()).toBe(foreignBefore);
  });

  it("claims its own line after a create whose answer was lost, and creates no duplicate", async () => {
    await setUsage(db, { organizationId: beta.organizationId, productId: userProduct, quantity: 0 });
    await sync(beta);
    expect(billed(userProduct)).toEqual({ "Shared Alpha Corp": 15 });
    await setUsage(db, { organizationId: beta.organizationId, productId: userProduct, quantity: 9 });
    sandbox.failNext(1, "ghost-500", { method: "POST", pathIncludes: "/additions" });
    const { outcome } = await sync(beta);
    expect(outcome.state).toBe("succeeded");
    expect(billed(userProduct)).toEqual({ "Shared Alpha Corp": 15, "Shared Beta Corp": 9 });
    expect(sandbox.requests().filter((request) => request.method === "POST")).toHaveLength(1);
  });

  it("leaves a line of our product that no organization owns alone on a shared agreement", async () => {
    const { client } = await connectWiseClientForWorkspace(db, { workspaceId: workspace.id });
    const typed = await client.createAddition(agreement.id, {
      catalogItemId: items.get(gatewayProduct)!,
      quantity: 99,
      effectiveDate: "2026-01-01",
    });
    sandbox.clearLog();
    const [left, right] = [await sync(alpha), await sync(beta)];
    expect([left.outcome.state, right.outcome.state]).toEqual(["succeeded", "succeeded"]);
    expect(sandbox.requests().filter((request) => request.method !== "GET")).toEqual([]);
    expect(ours().find((addition) => addition.id === typed.id)).toMatchObject({ quantity: 99 });
    expect(billed(gatewayProduct)).toEqual({ "Shared Alpha Corp": 3, "Shared Beta Corp": 4, unlabelled: 99 });
    await client.cancelAddition(agreement.id, typed.id, "2026-01-02");
  });

  it("refuses to write to a cancelled agreement, saying so", async () => {
    const cancelled = sandbox.state
      .agreements()
      .find((candidate) => candidate.cancelledFlag === true || candidate.agreementStatus === "Cancelled");
    expect(cancelled).toBeDefined();
    const gamma = workspace.organizationIds[2]!;
    const mappingId = await mapOrganization(db, {
      workspace,
      organizationId: gamma,
      agreement: {
        id: cancelled!.id as number,
        companyId: (cancelled!.company as { id: number }).id,
        name: cancelled!.name as string,
      },
    });
    const { outcome } = await syncOnce(db, { workspace, mappingId, organizationId: gamma });
    expect(outcome.state).toBe("failed");
    expect(outcome.error).toMatch(/is cancelled in ConnectWise, so Billbridge wrote nothing to it/);
    expect(sandbox.requests().filter((request) => request.method !== "GET")).toEqual([]);
    await db.delete(mappings).where(eq(mappings.id, mappingId));
  });
});
