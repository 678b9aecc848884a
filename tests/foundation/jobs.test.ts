import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usageHistory } from "@/db/schema";
import { getJobQueue, sendJob, stopJobs } from "@/jobs/send";
import { runJob, startJobWorkers } from "@/jobs/worker";
import { jobRegistry } from "@/jobs/registry";
import { recordUsageHistoryJob } from "@/jobs/definitions/record-usage-history";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";

describe("jobs runtime", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  beforeAll(async () => {
    const test = await createTestDatabase();
    db = test.db;
    process.env.DATABASE_URL = test.url;
    workspace = await createTestWorkspace(db, "Jobs");
    await startJobWorkers({ log: () => {} });
    await startJobWorkers({ log: () => {} }); // guarded: a second start is a no-op
  });
  afterAll(async () => {
    await stopJobs(5_000);
    const { closeDb } = await import("@/db");
    await closeDb();
  });

  it("creates a queue for every registered job", async () => {
    const boss = await getJobQueue();
    for (const job of jobRegistry) expect(await boss.getQueue(job.name)).toBeTruthy();
  });

  it("runs the usage-history job end to end through pg-boss", async () => {
    const jobId = await sendJob(recordUsageHistoryJob, { workspaceId: workspace.id });
    expect(jobId).toBeTruthy();
    let rows: unknown[] = [];
    for (let attempt = 0; attempt < 100 && rows.length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      rows = await db.select().from(usageHistory).where(eq(usageHistory.workspaceId, workspace.id));
    }
    expect(rows).toHaveLength(workspace.organizationIds.length * workspace.productIds.length);
  });

  it("refuses to send an invalid payload, and skips one that arrives invalid without retrying", async () => {
    await expect(sendJob(recordUsageHistoryJob, { workspaceId: "not-a-uuid" })).rejects.toThrow();
    const result = await runJob(recordUsageHistoryJob, { workspaceId: 42 }, { jobId: "test", retryCount: 0 });
    expect(result).toEqual({ skipped: "invalid payload" });
  });
});
