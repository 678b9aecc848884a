import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findConnection } from "@/db/queries/connections";
import { mappings, rateLimitBuckets, syncRuns } from "@/db/schema";
import { getJobQueue } from "@/jobs/send";
import { organizationSyncJob } from "@/jobs/definitions/organization-sync";
import { syncNowAction } from "@/lib/actions/sync";
import { blockBucket, connectionRateLimitKey } from "@/lib/connection/rate-limiter";
import { findFreePort } from "@/lib/runtime/embedded-postgres";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace } from "../harness/workspaces";
import {
  connectWorkspace,
  mapOrganization,
  pickAgreementWithForeignAdditions,
  publishProducts,
  readAdditions,
  setUsage,
} from "../sync-engine/sync-harness";

const root = path.resolve(import.meta.dirname, "../..");
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Polls `read` until `done` holds; the timeout bounds a broken program, it is not a speed assumption. */
async function waitFor<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Resolves once no process of the group is alive (tsx's esbuild service, a child of the program,
 * exits a moment after the program does); throws if one is still there after a generous wait.
 */
async function waitForEmptyGroup(groupId: number): Promise<void> {
  await waitFor(
    () => groupAlive(groupId),
    (alive) => !alive,
    `every process of group ${groupId} to exit`,
    30_000,
  );
}

/** True while any process of the group is alive. */
function groupAlive(groupId: number): boolean {
  try {
    process.kill(-groupId, 0);
    return true;
  } catch {
    return false;
  }
}

interface Program {
  child: ChildProcess;
  output(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs an npm script as a user would, in a process group of its own (the group a terminal's Ctrl-C reaches). */
function runNpm(script: string[], env: Record<string, string>): Program {
  let output = "";
  const child = spawn("npm", script, {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      // The npm script's `node` is this test's Node.
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
      ...env,
    },
  });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exit };
}

describe("graceful stop", () => {
  let databaseUrl: string;
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  const started: Program[] = [];

  beforeAll(async () => {
    ({ url: databaseUrl, db } = await createTestDatabase());
  });
  afterAll(() => {
    // A failed assertion must not leave a program running.
    for (const program of started)
      if (program.child.exitCode === null && groupAlive(program.child.pid!))
        process.kill(-program.child.pid!, "SIGKILL");
  });

  async function startConsole() {
    const port = await findFreePort();
    const program = runNpm(["start"], {
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      BILLBRIDGE_DEMO: "1",
      CW_ALLOW_PRIVATE_HOSTS: "1",
      SANDBOX: "on",
      SANDBOX_PORT: "0",
      WORKERS: "in-process",
    });
    started.push(program);
    await waitFor(
      () => program.output(),
      (output) => output.includes("is running at") || program.child.exitCode !== null,
      "the console to serve",
    );
    expect(program.output()).toContain(`Billbridge console is running at http://localhost:${port}`);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    return { program, port };
  }

  for (const [signal, target] of [
    ["SIGTERM", "process group"],
    ["SIGINT", "process group"],
    ["SIGTERM", "top process"],
  ] as const) {
    it(`npm start stops everything it started on ${signal} to its ${target}, and exits 0`, async () => {
      const { program, port } = await startConsole();
      const groupId = program.child.pid!;
      process.kill(target === "process group" ? -groupId : groupId, signal);
      const exit = await program.exit;
      expect(program.output()).toContain(`[billbridge] ${signal} received, stopping…`);
      expect(program.output()).toContain("[billbridge] Stopped");
      expect(exit).toEqual({ code: 0, signal: null });
      // npm waits for the program, and the program for everything it started: nothing is left.
      await waitForEmptyGroup(groupId);
      await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    }, 240_000);
  }

  describe("a sync run interrupted by a stop", () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox({ scenario: "demo", seed: 5 });
      return () => sandbox.stop();
    });

    it("is handed back at the stop, and a restart resumes it within 30 s", async () => {
      process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
      const workspace = await createTestWorkspace(db, "Restart");
      await connectWorkspace(sandbox, workspace);
      const items = await publishProducts(db, workspace);
      const agreement = pickAgreementWithForeignAdditions(sandbox);
      const mappingId = await mapOrganization(db, {
        workspace,
        organizationId: workspace.organizationIds[0]!,
        agreement,
      });
      await db
        .update(mappings)
        .set({ nextDueAt: new Date(Date.now() + 60 * 60_000) })
        .where(eq(mappings.id, mappingId));
      await setUsage(db, {
        organizationId: workspace.organizationIds[0]!,
        productId: workspace.productIds[0]!,
        quantity: 17,
      });
      // ConnectWise asked every process of the connection to hold back (a 429): the run starts and
      // then waits, so it is certainly in progress when the worker is told to stop.
      const connection = (await findConnection(db, { workspaceId: workspace.id }))!;
      const bucketKey = connectionRateLimitKey(connection.id);
      await blockBucket(db, { key: bucketKey, until: new Date(Date.now() + 60 * 60_000) });
      const pressed = await syncNowAction.execute(workspace.as("admin"), { mappingIds: [mappingId] });
      expect(pressed).toMatchObject({ ok: true, data: { queued: [{ deduplicated: false }] } });
      const runId = pressed.ok ? pressed.data.queued[0]!.runId : "";
      const readRun = async () => (await db.select().from(syncRuns).where(eq(syncRuns.id, runId)))[0]!;
      const workerEnv = {
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        BILLBRIDGE_DEMO: "1",
        CW_ALLOW_PRIVATE_HOSTS: "1",
        STOP_GRACE_SECONDS: "1",
      };

      const first = runNpm(["run", "worker"], workerEnv);
      started.push(first);
      await waitFor(readRun, (run) => run.state === "running", "the worker to start the run");
      process.kill(-first.child.pid!, "SIGTERM");
      expect(await first.exit).toEqual({ code: 0, signal: null });
      expect(first.output()).toContain("[billbridge] Worker stopped");
      await waitForEmptyGroup(first.child.pid!);

      // Handed back: the run says so and is queued again, and its job may start at once.
      expect(await readRun()).toMatchObject({
        state: "queued",
        errorCode: "interrupted",
        error: "Billbridge stopped during this run; it resumes when Billbridge runs again.",
        finishedAt: null,
      });
      const [mapping] = await db.select().from(mappings).where(eq(mappings.id, mappingId));
      expect(mapping).toMatchObject({ lastRunId: runId, lastRunState: "queued" });
      const boss = await getJobQueue();
      const jobs = await boss.findJobs(organizationSyncJob.name, { key: mappingId });
      expect(jobs.map((job) => job.state)).toEqual(["retry"]);
      expect(jobs[0]!.startAfter.getTime()).toBeLessThanOrEqual(Date.now());

      await db.update(rateLimitBuckets).set({ blockedUntil: null }).where(eq(rateLimitBuckets.key, bucketKey));
      const restartedAt = Date.now();
      const second = runNpm(["run", "worker"], workerEnv);
      started.push(second);
      const finished = await waitFor(readRun, (run) => run.state === "succeeded", "the run to be resumed", 30_000);
      expect(finished.finishedAt!.getTime() - restartedAt).toBeLessThan(30_000);
      expect(finished).toMatchObject({ attempt: 2, errorCode: null, error: null });
      // Resumed, not repeated: one addition per product, at the usage.
      const ownItems = new Set(items.values());
      const ours = readAdditions(sandbox, agreement.id).filter((addition) => ownItems.has(addition.catalogItemId));
      expect(ours.map((addition) => addition.catalogItemId).sort()).toEqual([...ownItems].sort());
      expect(ours.find((addition) => addition.catalogItemId === items.get(workspace.productIds[0]!))!.quantity).toBe(
        17,
      );

      process.kill(-second.child.pid!, "SIGTERM");
      expect(await second.exit).toEqual({ code: 0, signal: null });
      await waitForEmptyGroup(second.child.pid!);
    }, 240_000);
  });
});
