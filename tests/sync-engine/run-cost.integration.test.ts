import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectConnection } from "@/db/queries/connections";
import { insertQueuedRun } from "@/db/queries/sync";
import { syncRuns } from "@/db/schema";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { runOrganizationSync } from "@/lib/sync/run-organization-sync";
import { startSandbox } from "@/sandbox/index";
import { createCountingDatabase } from "@/bench/scale-runs";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace } from "../harness/workspaces";
import {
  connectWorkspace,
  mapOrganization,
  pickAgreementWithForeignAdditions,
  publishProducts,
  setUsage,
} from "./sync-harness";
import { useSandboxTransport } from "../harness/sandbox-transport";

/** The most statements a run that finds nothing to change may send (it was 36 before runs were made cheaper). */
const steadyRunStatementLimit = 21;

describe("the cost of a sync run", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let counted: ReturnType<typeof createCountingDatabase>;
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    useSandboxTransport();
    const database = await createTestDatabase();
    db = database.db;
    counted = createCountingDatabase(database.url, { max: 3 });
  });
  afterEach(async () => {
    while (stops.length > 0) await stops.pop()!();
  });
  afterAll(async () => {
    setConnectWiseTransportOverrides({});
    await counted.close();
  });

  /** A connected workspace, its products published and one organization mapped and synced once. */
  async function setUp() {
    const sandbox = await startSandbox({ scenario: "demo", seed: 11 });
    stops.push(() => sandbox.stop());
    const workspace = await createTestWorkspace(db, "Run cost");
    const organizationId = workspace.organizationIds[0]!;
    await connectWorkspace(sandbox, workspace);
    await publishProducts(db, workspace);
    const agreement = pickAgreementWithForeignAdditions(sandbox);
    const mappingId = await mapOrganization(db, { workspace, organizationId, agreement });
    /** One run through the counting client; returns its outcome, statements, run row and the requests ConnectWise saw. */
    const run = async () => {
      sandbox.clearLog();
      const queued = await insertQueuedRun(db, {
        workspaceId: workspace.id,
        mappingId,
        organizationId,
        trigger: "manual",
        cwAgreementId: null,
      });
      const before = counted.count();
      const outcome = await runOrganizationSync(counted.db, {
        workspaceId: workspace.id,
        mappingId,
        runId: queued.id,
        attempt: 0,
        willRetry: false,
      });
      const statements = counted.count() - before;
      const [row] = await db.select().from(syncRuns).where(eq(syncRuns.id, queued.id));
      const requests = sandbox.requests().filter((entry) => !entry.path.startsWith("/login"));
      return { outcome, statements, row: row!, requests };
    };
    const first = await run();
    if (first.outcome.state !== "succeeded") throw new Error(`the first sync failed: ${first.outcome.error}`);
    return { sandbox, workspace, organizationId, mappingId, run };
  }

  it("sends at most a fixed number of statements when nothing changed, and records its ConnectWise read", async () => {
    const { run } = await setUp();
    const steady = await run();
    expect(steady.outcome).toMatchObject({ state: "succeeded", summary: { writes: 0, apiCalls: 1 } });
    expect(steady.requests).toHaveLength(1);
    expect(steady.statements).toBeLessThanOrEqual(steadyRunStatementLimit);
    expect(steady.row.apiCalls).toEqual([expect.objectContaining({ method: "GET", status: 200 })]);
    expect(steady.row.cwAgreementId).not.toBeNull();
  });

  it("records every ConnectWise call of a run that writes", async () => {
    const { run, workspace, organizationId } = await setUp();
    await setUsage(db, { organizationId, productId: workspace.productIds[0]!, quantity: 77 });
    await setUsage(db, { organizationId, productId: workspace.productIds[1]!, quantity: 0 });
    const written = await run();
    expect(written.outcome.state).toBe("succeeded");
    expect(written.requests.length).toBeGreaterThanOrEqual(3);
    expect(written.row.apiCalls.map((call) => `${call.method} ${call.status}`)).toEqual(
      written.requests.map((entry) => `${entry.method} ${entry.status}`),
    );
  });

  it("uses the new keys at once after they are changed, never the ones decrypted before", async () => {
    const { sandbox, workspace, run } = await setUp();
    expect((await run()).requests.map((entry) => entry.member)).toEqual(["integration"]);
    // Another API member's keys are saved, and the old member's keys stop working in ConnectWise.
    await connectWorkspace(sandbox, workspace, "admin");
    sandbox.revokeMemberKeys("integration");
    const rotated = await run();
    expect(rotated.outcome.state).toBe("succeeded");
    expect(rotated.requests.map((entry) => entry.member)).toEqual(["admin"]);
  });

  it("fails as not connected after a disconnect, though the key was decrypted before", async () => {
    const { sandbox, workspace, run } = await setUp();
    expect((await run()).outcome.state).toBe("succeeded");
    await disconnectConnection(db, { workspaceId: workspace.id });
    const after = await run();
    expect(after.outcome.state).toBe("failed");
    expect(after.row.errorCode).toBe("not-connected");
    expect(after.requests).toEqual([]);
    expect(sandbox.requests()).toEqual([]);
  });
});
