import { randomUUID } from "node:crypto";
import { and, eq, gte } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, catalogLinks, mappings, organizations, syncRuns, workspaces } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { runCatalogSync } from "@/lib/catalog/run-catalog-sync";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createTestDatabase, type TestDatabase } from "../harness/database";
import { startAppServer, type AppServer } from "../harness/app-server";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";
import {
  connectWorkspace,
  mapOrganization,
  pickAgreementWithForeignAdditions,
  readAdditions,
} from "../sync-engine/sync-harness";

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe("usage reported through the platform API reaches ConnectWise", () => {
  let sandbox: Sandbox;
  let database: TestDatabase;
  let server: AppServer;
  let workspace: TestWorkspace;
  let token: string;
  let items: Map<string, number>;
  let agreementId: number;
  let mappingId: string;

  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const runsSince = (since: Date) =>
    database.db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.mappingId, mappingId), gte(syncRuns.queuedAt, since)));

  async function waitForSucceededRun(since: Date, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const runs = await runsSince(since);
      const done = runs.find((run) => run.state === "succeeded" || run.state === "failed");
      if (done && runs.every((run) => run.state !== "queued" && run.state !== "running")) return { runs, done };
      if (Date.now() > deadline) throw new Error(`no finished sync within ${timeoutMs} ms: ${JSON.stringify(runs)}`);
      await sleep(250);
    }
  }

  beforeAll(async () => {
    process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
    sandbox = await startSandbox({ scenario: "demo", seed: 7 });
    database = await createTestDatabase();
    workspace = await createTestWorkspace(database.db, "Feed");
    await connectWorkspace(sandbox, workspace);
    const catalog = await runCatalogSync(database.db, {
      workspaceId: workspace.id,
      jobId: randomUUID(),
      trigger: "manual",
      attempt: 0,
    });
    expect(catalog.status).toBe("succeeded");
    const links = await database.db
      .select({ productId: catalogLinks.productId, itemId: catalogLinks.cwCatalogItemId })
      .from(catalogLinks)
      .where(eq(catalogLinks.workspaceId, workspace.id));
    items = new Map(links.map((link) => [link.productId, link.itemId!]));
    expect(items.size).toBe(workspace.productIds.length);
    const agreement = pickAgreementWithForeignAdditions(sandbox);
    agreementId = agreement.id;
    mappingId = await mapOrganization(database.db, {
      workspace,
      organizationId: workspace.organizationIds[0]!,
      agreement,
    });
    // Not due by the hourly schedule during the test: only a usage change may make it due.
    await database.db
      .update(mappings)
      .set({ nextDueAt: new Date(Date.now() + 3 * 60 * 60_000) })
      .where(eq(mappings.id, mappingId));
    token = (
      await createApiToken(database.db, {
        workspaceId: workspace.id,
        name: "Platform",
        scopes: ["read", "write"],
        creator: null,
      })
    ).token;
    // The console must decrypt the ConnectWise keys this process stored.
    server = await startAppServer({
      databaseUrl: database.url,
      env: { APP_ENCRYPTION_KEY: process.env.APP_ENCRYPTION_KEY! },
    });
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await sandbox?.stop();
  });

  it("queues one sync within 60 s for a burst of reports, and the agreement ends with the last usage", async () => {
    const since = new Date();
    // A burst: three changed snapshots in a row make one run, with the last quantities.
    for (const [hour, quantity] of [
      [10, 11],
      [11, 12],
      [12, 13],
    ] as const) {
      const response = await api("PUT", "/organizations/Feed-org-1/usage", {
        asOf: `2026-12-03T${hour}:00:00Z`,
        quantities: { "Feed-USER": quantity, "Feed-GATEWAY": 2 },
      });
      expect(await response.json()).toEqual({ applied: true });
    }
    const { runs, done } = await waitForSucceededRun(since, 60_000);
    expect(done.state).toBe("succeeded");
    expect(runs).toHaveLength(1);
    expect(runs[0]!.queuedAt.getTime() - since.getTime()).toBeLessThan(60_000);

    const [userProduct, gatewayProduct] = workspace.productIds;
    const additions = readAdditions(sandbox, agreementId);
    expect(additions.find((addition) => addition.catalogItemId === items.get(userProduct!))?.quantity).toBe(13);
    expect(additions.find((addition) => addition.catalogItemId === items.get(gatewayProduct!))?.quantity).toBe(2);

    // The organization shows its mapping and the run through the API too.
    const shown = (await (await api("GET", "/organizations/Feed-org-1")).json()) as {
      mapping: { syncEnabled: boolean; lastRun: { state: string; finishedAt: string | null } };
    };
    expect(shown.mapping.syncEnabled).toBe(true);
    expect(shown.mapping.lastRun).toMatchObject({ state: "succeeded", finishedAt: expect.any(String) });
  }, 90_000);

  it("queues nothing for an unchanged or stale snapshot", async () => {
    const since = new Date();
    expect(
      await (
        await api("PUT", "/organizations/Feed-org-1/usage", {
          asOf: "2026-12-03T13:00:00Z",
          quantities: { "Feed-USER": 13, "Feed-GATEWAY": 2 },
        })
      ).json(),
    ).toEqual({ applied: false, reason: "unchanged" });
    expect(
      await (
        await api("PUT", "/organizations/Feed-org-1/usage", {
          asOf: "2026-12-03T09:00:00Z",
          quantities: { "Feed-USER": 99 },
        })
      ).json(),
    ).toEqual({ applied: false, reason: "stale" });
    // The sweep would have run 10 s after a change; wait past it.
    await sleep(15_000);
    expect(await runsSince(since)).toHaveLength(0);
  }, 60_000);

  it("off-boards a deleted, mapped organization as the workspace chose: cancel its additions", async () => {
    const [workspaceRow] = await database.db
      .select({ offboarding: workspaces.offboardingAdditions })
      .from(workspaces)
      .where(eq(workspaces.id, workspace.id));
    expect(workspaceRow!.offboarding).toBe("cancel");
    const ours = new Set([...items.values()]);
    const foreignBefore = readAdditions(sandbox, agreementId).filter((addition) => !ours.has(addition.catalogItemId));

    expect((await api("DELETE", "/organizations/Feed-org-1")).status).toBe(204);

    const live = readAdditions(sandbox, agreementId);
    expect(live.filter((addition) => ours.has(addition.catalogItemId))).toEqual([]);
    expect(live.filter((addition) => !ours.has(addition.catalogItemId))).toEqual(foreignBefore);
    const [organization] = await database.db
      .select({ status: organizations.status })
      .from(organizations)
      .where(eq(organizations.id, workspace.organizationIds[0]!));
    expect(organization!.status).toBe("deleted");
    const [mapping] = await database.db.select().from(mappings).where(eq(mappings.id, mappingId));
    expect(mapping!.syncEnabled).toBe(false);
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.workspaceId, workspace.id), eq(auditEvents.action, "api.organization.delete")));
    expect(event!.details).toMatchObject({ token: "Platform", offboarding: "cancel", cancelled: 2 });
  }, 60_000);
});
