/**
 * What one organization sync costs, and a steady-state cycle at fleet scale (`npm run bench -- --scale`).
 *
 * - `measureRunCost` runs steady-state syncs (nothing changed, one ConnectWise read) one after another in
 *   a child process of its own, so that `process.cpuUsage()` counts the run alone (the sandbox answering
 *   it stays in the parent), and counts every SQL statement the run sends through a postgres.js `debug`
 *   hook on that process's database client.
 * - `measureScaleRuns` builds a workspace of `organizations` mapped organizations, syncs them once (with
 *   the sandbox's latency and rate limit lifted), measures the cost of a run, then times one
 *   steady-state cycle of every organization against the sandbox at `latencyMs` and `sandboxRpm`, with
 *   the shared limiter at `limiterRpm`: the rate-limit bound is the request count at the limiter's rate.
 */
import "@/tests/setup/network-jail.mjs";
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq, inArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Database } from "@/db";
import { insertQueuedRun } from "@/db/queries/sync";
import { schema } from "@/db";
import { mappings, syncRuns } from "@/db/schema";
import { startJobWorkers } from "@/jobs/worker";
import { enqueueOrganizationSync } from "@/lib/sync/enqueue-organization-sync";
import { runOrganizationSync } from "@/lib/sync/run-organization-sync";
import type { Sandbox } from "@/sandbox/index";
import { buildSyncFixture, verifyAgreements, type SyncFixture } from "./fixture";
import { apiRequests, elapsedMs, round, waitForRuns } from "./support";

/** A database client that counts the statements it sends (BEGIN and COMMIT included), for benchmarks and tests. */
export function createCountingDatabase(url: string, options: { max?: number } = {}) {
  let statements = 0;
  const log: string[] = [];
  let keepLog = false;
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: "billbridge-counted" },
    debug: (_connection, query) => {
      statements++;
      if (keepLog) log.push(query.replace(/\s+/g, " ").slice(0, 160));
    },
  });
  return {
    db: drizzle(client, { schema }) as Database,
    client,
    /** Statements sent so far. */
    count: () => statements,
    /** Keeps the text of every statement from now on (`statements()` reads them). */
    record: () => {
      keepLog = true;
      log.length = 0;
    },
    statements: () => [...log],
    close: () => client.end({ timeout: 5 }),
  };
}

export interface RunCost {
  /** Steady-state runs measured (after `warmup` runs that fill the process's caches). */
  runs: number;
  statementsPerRun: number;
  /**
   * Statements of the first run in a fresh process (key not yet decrypted in it); postgres.js reads the
   * array types once on each connection it opens, which this counts too.
   */
  statementsFirstRun: number;
  /** CPU time of the worker process per run (user + system). */
  cpuMsPerRun: number;
  /** Wall time per run, one run at a time, ConnectWise latency included. */
  wallMsPerRun: number;
  /** ConnectWise requests per run. */
  requestsPerRun: number;
  /** The statements of one steady-state run, in order. */
  statementsOfOneRun: string[];
}

interface MeasureRequest {
  databaseUrl: string;
  workspaceId: string;
  targets: Array<{ mappingId: string; organizationId: string }>;
  warmup: number;
}

/**
 * Runs `targets` one at a time in a fresh child process (the first `warmup` of them unmeasured) and
 * returns the cost of a run. Every target must already be synced, so that each run is "no change".
 */
export async function measureRunCost(request: MeasureRequest): Promise<RunCost> {
  const file = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ["--import", "tsx", file, "--measure-run-cost"], {
    cwd: path.resolve(path.dirname(file), ".."),
    env: process.env,
    stdio: ["pipe", "pipe", "inherit"],
  });
  child.stdin.end(JSON.stringify(request));
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const line = output.split("\n").find((candidate) => candidate.startsWith("RUNCOST "));
  if (code !== 0 || !line) throw new Error(`measuring the run cost failed (exit ${code}): ${output.slice(-2_000)}`);
  return JSON.parse(line.slice("RUNCOST ".length)) as RunCost;
}

async function measureInThisProcess(request: MeasureRequest): Promise<RunCost> {
  const counted = createCountingDatabase(request.databaseUrl, { max: 4 });
  const { db } = counted;
  try {
    const runOnce = async (target: { mappingId: string; organizationId: string }) => {
      const run = await insertQueuedRun(db, {
        workspaceId: request.workspaceId,
        mappingId: target.mappingId,
        organizationId: target.organizationId,
        trigger: "manual",
        cwAgreementId: null,
      });
      const before = counted.count();
      const cpuBefore = process.cpuUsage();
      const started = process.hrtime.bigint();
      const outcome = await runOrganizationSync(db, {
        workspaceId: request.workspaceId,
        mappingId: target.mappingId,
        runId: run.id,
        attempt: 0,
        willRetry: false,
      });
      const wallMs = elapsedMs(started);
      const cpu = process.cpuUsage(cpuBefore);
      const statements = counted.count() - before;
      if (outcome.state !== "succeeded") throw new Error(`a measured run failed: ${outcome.error}`);
      if ((outcome.summary.writes ?? 0) > 0) throw new Error("a measured run wrote: the targets were not in sync");
      return { statements, requests: outcome.summary.apiCalls ?? 0, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
    };
    const first = await runOnce(request.targets[0]!);
    for (const target of request.targets.slice(1, request.warmup)) await runOnce(target);
    const measured = request.targets.slice(Math.max(1, request.warmup));
    if (measured.length === 0) throw new Error("no run left to measure after the warm-up");
    let statements = 0;
    let requests = 0;
    let wallMs = 0;
    let cpuMs = 0;
    for (const target of measured) {
      const cost = await runOnce(target);
      wallMs += cost.wallMs;
      cpuMs += cost.cpuMs;
      statements += cost.statements;
      requests += cost.requests;
    }
    // The statements of one more run, for the report (not counted above).
    counted.record();
    const sample = await runOnce(measured[0]!);
    const listed = counted.statements();
    return {
      runs: measured.length,
      statementsPerRun: round(statements / measured.length, 2),
      statementsFirstRun: first.statements,
      cpuMsPerRun: round(cpuMs / measured.length, 2),
      wallMsPerRun: round(wallMs / measured.length, 1),
      requestsPerRun: round(requests / measured.length, 2),
      statementsOfOneRun: listed.slice(listed.length - sample.statements),
    };
  } finally {
    await counted.close();
  }
}

/** Queues one run of every organization, as the hourly cycle does, and waits until all have ended. */
async function runCycle(
  db: Database,
  sandbox: Sandbox,
  fixture: SyncFixture,
  rates: { limiterRpm: number; sandboxRpm: number },
) {
  const { limiterRpm, sandboxRpm } = rates;
  sandbox.clearLog();
  const started = process.hrtime.bigint();
  const runIds: string[] = [];
  for (const mappingId of fixture.mappingIds) {
    runIds.push(
      (await enqueueOrganizationSync(db, { workspaceId: fixture.workspaceId, mappingId, trigger: "bulk" })).runId,
    );
  }
  await waitForRuns(db, runIds, 60 * 60_000);
  const wallMs = elapsedMs(started);
  const requests = apiRequests(sandbox);
  const [failed] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(syncRuns)
    .where(and(inArray(syncRuns.id, runIds), eq(syncRuns.state, "failed")));
  // The limiter lets `limiterRpm` requests a minute through, so no cycle can be much faster than this
  // (its bucket starts a cycle with up to a tenth of a minute's budget in hand: that much faster at most).
  const boundMs = (requests.length / limiterRpm) * 60_000;
  const sandboxBoundMs = (requests.length / sandboxRpm) * 60_000;
  const burstBoundMs = (Math.max(0, requests.length - Math.ceil(limiterRpm / 10)) / limiterRpm) * 60_000;
  const verification = await verifyAgreements(db, sandbox, fixture);
  return {
    organizations: fixture.mappingIds.length,
    wallSeconds: round(wallMs / 1000, 2),
    requests: requests.length,
    rateBoundSeconds: round(boundMs / 1000, 2),
    wallToBoundRatio: round(wallMs / boundMs, 2),
    /** The same bound less the limiter's initial burst (a tenth of a minute's budget): the fastest possible. */
    wallToBurstBoundRatio: round(wallMs / burstBoundMs, 2),
    /** Against ConnectWise's (the sandbox's) own rate rather than the limiter's, which runs below it on purpose. */
    wallToSandboxBoundRatio: round(wallMs / sandboxBoundMs, 2),
    http429: requests.filter((entry) => entry.status === 429).length,
    failedRuns: failed!.count,
    agreementsExact: `${verification.exact}/${verification.agreements}`,
  };
}

export interface ScaleRunsOptions {
  organizations: number;
  latencyMs: number;
  sandboxRpm: number;
  limiterRpm: number;
  /** Steady-state runs measured for the run cost (after the warm-up). */
  costRuns: number;
}

/**
 * Worker processes for `runsPerHour` runs an hour. A process runs `concurrency` runs at once, each
 * waiting on ConnectWise and PostgreSQL most of its wall time; the one thing a process cannot overlap
 * is its own CPU, so its ceiling is min(concurrency × 3600 s ÷ wall per run, 3600 s ÷ CPU per run), and
 * a process is planned at `headroom` of that ceiling.
 */
export function workersFor(params: {
  runsPerHour: number;
  cpuMsPerRun: number;
  wallMsPerRun: number;
  concurrency: number;
  headroom: number;
}) {
  const byCpu = 3_600_000 / params.cpuMsPerRun;
  const byWall = (params.concurrency * 3_600_000) / params.wallMsPerRun;
  const perProcess = Math.min(byCpu, byWall) * params.headroom;
  return {
    runsPerHour: params.runsPerHour,
    runsPerProcessHour: Math.floor(perProcess),
    workers: Math.ceil(params.runsPerHour / perProcess),
  };
}

export async function measureScaleRuns(
  db: Database,
  sandbox: Sandbox,
  options: ScaleRunsOptions & { databaseUrl: string; concurrency: number },
) {
  const fixture = await buildSyncFixture(db, sandbox, { organizations: options.organizations, seed: 7 });
  await startJobWorkers({ log: () => {} });
  // The first sync writes five additions per organization; it is set-up here, not measured, so it
  // runs without the sandbox's latency and rate limit and with the limiter opened up.
  const limiterRpm = options.limiterRpm;
  sandbox.configure({ latencyMs: 0, rateLimitPerMinute: null });
  process.env.CW_RATE_LIMIT_PER_MINUTE = String(1_000_000);
  const firstStarted = process.hrtime.bigint();
  const firstRuns: string[] = [];
  for (const mappingId of fixture.mappingIds) {
    firstRuns.push(
      (await enqueueOrganizationSync(db, { workspaceId: fixture.workspaceId, mappingId, trigger: "bulk" })).runId,
    );
  }
  await waitForRuns(db, firstRuns, 60 * 60_000);
  console.log(
    `scale: first sync of ${options.organizations} organizations (set-up, unthrottled) took ${round(elapsedMs(firstStarted) / 1000, 1)} s`,
  );
  process.env.CW_RATE_LIMIT_PER_MINUTE = String(limiterRpm);
  sandbox.configure({ latencyMs: options.latencyMs, rateLimitPerMinute: options.sandboxRpm });

  const organizationIds = await db
    .select({ id: mappings.id, organizationId: mappings.organizationId })
    .from(mappings)
    .where(eq(mappings.workspaceId, fixture.workspaceId));
  const byId = new Map(organizationIds.map((row) => [row.id, row.organizationId]));
  const warmup = 3;
  const targets = fixture.mappingIds
    .slice(0, options.costRuns + warmup)
    .map((mappingId) => ({ mappingId, organizationId: byId.get(mappingId)! }));
  const cost = await measureRunCost({
    databaseUrl: options.databaseUrl,
    workspaceId: fixture.workspaceId,
    targets,
    warmup,
  });
  sandbox.clearLog();

  const steady = await runCycle(db, sandbox, fixture, { limiterRpm, sandboxRpm: options.sandboxRpm });

  const concurrency = options.concurrency;
  const headroom = 0.7;
  const worst = workersFor({
    runsPerHour: 2_000_000,
    cpuMsPerRun: cost.cpuMsPerRun,
    wallMsPerRun: cost.wallMsPerRun,
    concurrency,
    headroom,
  });
  // With change-driven cycles a mapping runs when its usage changed (5 % an hour) or a day has passed
  // since its agreement was last read (any run reads it): the gap between two runs is min(T, 24 h), T the
  // hours to its next change, so the share run each hour is 1 ÷ E[min(T, 24)] = 0.05 ÷ (1 − 0.95^24).
  const steadyShare = 0.05 / (1 - 0.95 ** 24);
  const steadyRuns = Math.ceil(2_000_000 * steadyShare);
  const steadyCase = workersFor({
    runsPerHour: steadyRuns,
    cpuMsPerRun: cost.cpuMsPerRun,
    wallMsPerRun: cost.wallMsPerRun,
    concurrency,
    headroom,
  });
  const formula =
    "workers = ceil(runsPerHour / (headroom × min(3,600,000 ms ÷ cpuMsPerRun, concurrency × 3,600,000 ms ÷ wallMsPerRun)))";
  return {
    statementsPerRun: cost.statementsPerRun,
    cpuMsPerRun: cost.cpuMsPerRun,
    runCost: cost,
    steady2000: steady,
    workersFor2MPerHour: {
      formula,
      inputs: { cpuMsPerRun: cost.cpuMsPerRun, wallMsPerRun: cost.wallMsPerRun, concurrency, headroom },
      worstCase: {
        ...worst,
        arithmetic: `ceil(2,000,000 / (${headroom} × min(3,600,000 ÷ ${cost.cpuMsPerRun}, ${concurrency} × 3,600,000 ÷ ${cost.wallMsPerRun}))) = ${worst.workers}`,
      },
      steadyCase: {
        ...steadyCase,
        share: round(steadyShare, 4),
        arithmetic: `2,000,000 × 0.05 ÷ (1 − 0.95^24) (changed, or read a day ago) = ${steadyRuns} runs; ceil(${steadyRuns} / (${headroom} × min(3,600,000 ÷ ${cost.cpuMsPerRun}, ${concurrency} × 3,600,000 ÷ ${cost.wallMsPerRun}))) = ${steadyCase.workers}`,
      },
      note: "Worker CPU only: PostgreSQL's own CPU for statementsPerRun statements a run is sized separately (Scaling out).",
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes("--measure-run-cost")) {
  let input = "";
  process.stdin.on("data", (chunk: Buffer) => (input += chunk.toString()));
  process.stdin.on("end", () => {
    measureInThisProcess(JSON.parse(input) as MeasureRequest).then(
      (cost) => {
        process.stdout.write(`RUNCOST ${JSON.stringify(cost)}\n`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
