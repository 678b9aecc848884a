import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRunsWithChanges } from "@/db/queries/sync";
import { startJobWorkers } from "@/jobs/worker";
import { createAlertChannelAction } from "@/lib/actions/alerts";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { resetLogDestination, setLogDestination } from "@/lib/logging/logger";
import { syncNowAction as syncNow } from "@/lib/actions/sync";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";
import {
  connectWorkspace,
  mapOrganization,
  pickAgreementWithForeignAdditions,
  publishProducts,
} from "../sync-engine/sync-harness";
import { evaluateWorkspaceAlerts } from "@/lib/alerts/run-alert-evaluation";
import { useSandboxTransport } from "../harness/sandbox-transport";

const metricsToken = "metrics-token-that-must-never-be-logged";

describe("structured logs of a sync run", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let sandbox: Sandbox;
  let workspace: TestWorkspace;
  let mappingId: string;
  const lines: string[] = [];

  const runSync = async () => {
    const queued = await syncNow.execute(workspace.as("admin"), { mappingIds: [mappingId] });
    if (!queued.ok) throw new Error(queued.error);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [latest] = await listRunsWithChanges(db, { workspaceId: workspace.id, mappingId, limit: 1 });
      if (latest && (latest.run.state === "succeeded" || latest.run.state === "failed")) return latest.run;
      if (Date.now() > deadline) throw new Error("the run did not finish");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    process.env.METRICS_TOKEN = metricsToken;
    useSandboxTransport();
    ({ db } = await createTestDatabase());
    sandbox = await startSandbox({ scenario: "demo", seed: 9 });
    workspace = await createTestWorkspace(db, "Logs");
    setLogDestination({ write: (line: string) => void lines.push(line) }, "debug");
    await connectWorkspace(sandbox, workspace);
    await publishProducts(db, workspace);
    mappingId = await mapOrganization(db, {
      workspace,
      organizationId: workspace.organizationIds[0]!,
      agreement: pickAgreementWithForeignAdditions(sandbox),
    });
    await startJobWorkers({ log: () => {} });
  });
  afterAll(async () => {
    resetLogDestination();
    delete process.env.METRICS_TOKEN;
    setConnectWiseTransportOverrides({});
    await sandbox?.stop();
  });

  it("writes JSON lines with the workspace, mapping, run and job ids, and no secret", async () => {
    const succeeded = await runSync();
    expect(succeeded.state).toBe("succeeded");
    sandbox.revokeMemberKeys("integration");
    const failed = await runSync();
    expect(failed.errorCode).toBe("bad-credentials");
    const created = await createAlertChannelAction.execute(workspace.as("admin"), {
      kind: "webhook",
      name: "Logs",
      url: "http://127.0.0.1:9/hook",
    });
    if (!created.ok) throw new Error(created.error);
    await evaluateWorkspaceAlerts(db, { workspaceId: workspace.id, now: new Date() });
    sandbox.restoreMemberKeys("integration");

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const finished = entries.filter((entry) => entry.msg === "sync run succeeded" || entry.msg === "sync run failed");
    expect(finished.map((entry) => entry.runId)).toEqual(expect.arrayContaining([succeeded.id, failed.id]));
    for (const entry of finished) expect(entry).toMatchObject({ workspaceId: workspace.id, mappingId });
    const jobLines = entries.filter((entry) => entry.job === "organization-sync");
    expect(jobLines.length).toBeGreaterThan(0);
    for (const entry of jobLines) {
      expect(entry).toMatchObject({
        workspaceId: workspace.id,
        mappingId,
        jobId: expect.any(String),
        runId: expect.any(String),
      });
    }
    expect(entries.some((entry) => entry.msg === "alert opened" && entry.workspaceId === workspace.id)).toBe(true);

    const member = sandbox.member("integration");
    const everything = lines.join("\n");
    const basicAuth = Buffer.from(`${sandbox.companyId}+${member.publicKey}:${member.privateKey}`).toString("base64");
    expect(everything).not.toContain(member.privateKey);
    expect(everything).not.toContain(basicAuth);
    expect(everything).not.toContain(metricsToken);
    expect(everything).not.toContain(created.data.secret!);
    expect(everything).not.toContain(process.env.APP_ENCRYPTION_KEY!);
  });
});
