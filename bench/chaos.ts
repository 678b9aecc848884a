/**
 * `npm run chaos`: organizations synced for several cycles by separate worker processes while the
 * sandbox injects 500s, dropped connections, ghost writes (applied, then a 500 or a drop) and bursts
 * of 429s, and one worker is killed mid-cycle and restarted. At the end every agreement must equal
 * its desired state exactly, with no duplicate addition and no other product's addition touched;
 * prints those figures and exits non-zero otherwise. `--small` is the CI size.
 */
import "@/tests/setup/network-jail.mjs";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { closeDb } from "@/db";
import { mappings, syncRuns } from "@/db/schema";
import { stopJobs } from "@/jobs/send";
import { enqueueOrganizationSync } from "@/lib/sync/enqueue-organization-sync";
import { startSandbox } from "@/sandbox/index";
import { buildSyncFixture, driftUsage, verifyAgreements, type SyncFixture } from "./fixture";
import { cleanUpOnSignal, elapsedMs, printTable, readFlags, round, startScratchDatabase } from "./support";

const flags = readFlags({
  small: false,
  organizations: 300,
  cycles: 3,
  workers: 2,
  error500: 0.1,
  drop: 0.05,
  ghostWrite: 0.05,
  settleRounds: 6,
  verbose: false,
});
if (flags.small) Object.assign(flags, { organizations: 30, cycles: 2 });

process.env.AUTH_SECRET ??= "chaos-auth-secret-chaos-auth-secret-0123456789";
process.env.APP_ENCRYPTION_KEY ??= Buffer.alloc(32, 6).toString("base64");
process.env.CW_ALLOW_PRIVATE_HOSTS = "1";

const root = path.resolve(import.meta.dirname, "..");
let shuttingDown = false;
type Db = Parameters<typeof verifyAgreements>[0];

function log(line: string) {
  console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

function spawnWorker(index: number, env: Record<string, string>): ChildProcess {
  // One process per worker (tsx as a loader, not its CLI, which would run the worker in a child that a
  // SIGKILL of the parent leaves running).
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n"))
      if (flags.verbose && line.trim()) log(`worker ${index}: ${line.trim()}`);
  });
  child.once("exit", (code, signal) => {
    if (signal !== "SIGKILL" && signal !== "SIGTERM") log(`worker ${index} exited (${code ?? signal})`);
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    const text = chunk.toString().trim();
    if (text && !shuttingDown) log(`worker ${index} stderr: ${text.split("\n")[0]}`);
  });
  return child;
}

async function openRuns(db: Db, runIds: string[]): Promise<number> {
  if (runIds.length === 0) return 0;
  const [row] = await db
    .select({ open: sql<number>`count(*) filter (where ${syncRuns.state} in ('queued','running'))::int` })
    .from(syncRuns)
    .where(inArray(syncRuns.id, runIds));
  return row!.open;
}

async function enqueueAll(db: Db, fixture: SyncFixture, mappingIds: string[]): Promise<string[]> {
  const runIds: string[] = [];
  for (const mappingId of mappingIds) {
    runIds.push(
      (await enqueueOrganizationSync(db, { workspaceId: fixture.workspaceId, mappingId, trigger: "bulk" })).runId,
    );
  }
  return runIds;
}

async function main() {
  log(`options ${JSON.stringify(flags)}`);
  const scratch = await startScratchDatabase("billbridge_chaos");
  const { db, url } = scratch;
  const companies = Math.max(1_000, flags.organizations * 4);
  const sandbox = await startSandbox({ scenario: "large", seed: 23, companies, agreements: companies * 2 });
  const workers: ChildProcess[] = [];
  cleanUpOnSignal(async () => {
    for (const worker of workers) worker.kill("SIGKILL");
    await sandbox.stop();
    await scratch.close();
  });
  const started = process.hrtime.bigint();
  let exitCode = 1;
  try {
    const fixture = await buildSyncFixture(db, sandbox, { organizations: flags.organizations, seed: 9 });
    log(
      `fixture: ${fixture.mappingIds.length} organizations mapped, ${fixture.ownedCatalogItemIds.size} catalog items published`,
    );
    const workerEnv = {
      DATABASE_URL: url,
      NODE_ENV: "production",
      CW_CLIENT_ID: sandbox.clientId,
      CW_ALLOW_PRIVATE_HOSTS: "1",
      AUTH_SECRET: process.env.AUTH_SECRET!,
      APP_ENCRYPTION_KEY: process.env.APP_ENCRYPTION_KEY!,
    };
    for (let index = 0; index < flags.workers; index++) workers.push(spawnWorker(index, workerEnv));
    sandbox.configure({ faults: { error500: flags.error500, drop: flags.drop, ghostWrite: flags.ghostWrite } });
    // A burst of five 429s every few seconds, the next one only once the last has been served (forced
    // failures queue up in the sandbox, and a quiet spell must not turn into a wall of 429s). Five is
    // what one request waits out when it alone takes the whole burst.
    let burstsIssued = 0;
    const bursts = setInterval(() => {
      const served = sandbox.requests().filter((entry) => entry.fault === "429").length;
      if (served >= burstsIssued * 5) {
        sandbox.failNext(5, "429");
        burstsIssued++;
      }
    }, 5_000);

    const cycleRows: Array<Record<string, string | number>> = [];
    for (let cycle = 1; cycle <= flags.cycles; cycle++) {
      if (cycle > 1)
        log(
          `cycle ${cycle}: usage changed for ${await driftUsage(db, fixture, 100 + cycle)} (organization, product) pairs`,
        );
      const cycleStart = process.hrtime.bigint();
      const runIds = await enqueueAll(db, fixture, fixture.mappingIds);
      let killed = cycle !== 2;
      for (;;) {
        const open = await openRuns(db, runIds);
        if (!killed && open <= runIds.length * 0.7) {
          log(`cycle ${cycle}: killing worker 0 (SIGKILL) with ${open} runs still open, restarting it in 2 s`);
          workers[0]!.kill("SIGKILL");
          await new Promise((resolve) => setTimeout(resolve, 2_000));
          workers[0] = spawnWorker(0, workerEnv);
          killed = true;
        }
        if (open === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const [counts] = await db
        .select({
          succeeded: sql<number>`count(*) filter (where ${syncRuns.state} = 'succeeded')::int`,
          failed: sql<number>`count(*) filter (where ${syncRuns.state} = 'failed')::int`,
        })
        .from(syncRuns)
        .where(inArray(syncRuns.id, runIds));
      cycleRows.push({
        cycle,
        runs: runIds.length,
        succeeded: counts!.succeeded,
        failed: counts!.failed,
        seconds: round(elapsedMs(cycleStart) / 1000, 1),
      });
      log(`cycle ${cycle}: ${counts!.succeeded} succeeded, ${counts!.failed} failed`);
    }

    // Runs that failed under faults are retried, as the hourly schedule would, until every mapping's last run succeeded.
    for (let round_ = 1; round_ <= flags.settleRounds; round_++) {
      const failing = await db
        .select({ id: mappings.id })
        .from(mappings)
        .where(
          and(
            eq(mappings.workspaceId, fixture.workspaceId),
            sql`${mappings.lastRunState} is distinct from 'succeeded'`,
          ),
        );
      if (failing.length === 0) break;
      log(`settle round ${round_}: re-running ${failing.length} mappings whose last run did not succeed`);
      const runIds = await enqueueAll(
        db,
        fixture,
        failing.map((row) => row.id),
      );
      while ((await openRuns(db, runIds)) > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    clearInterval(bursts);

    const requests = sandbox.requests();
    const faults = requests.reduce<Record<string, number>>((counts, entry) => {
      const key = entry.fault ?? (entry.status === 429 ? "429" : "ok");
      counts[key] = (counts[key] ?? 0) + 1;
      return counts;
    }, {});
    const verification = await verifyAgreements(db, sandbox, fixture);
    printTable("Cycles", cycleRows);
    printTable("Faults injected by the sandbox (requests)", [faults]);
    const summary = {
      organizations: verification.agreements,
      agreementsExact: verification.exact,
      agreementsWrong: verification.mismatched.length,
      duplicateAdditions: verification.duplicateAdditions,
      otherProductsTouched: verification.foreignTouched,
      seconds: round(elapsedMs(started) / 1000, 1),
    };
    printTable("Result", [summary]);
    for (const wrong of verification.mismatched.slice(0, 5))
      log(
        `mismatch on agreement ${wrong.agreementId}: expected ${JSON.stringify(wrong.expected)}, found ${JSON.stringify(wrong.found)}`,
      );
    const passed =
      verification.exact === verification.agreements &&
      verification.duplicateAdditions === 0 &&
      verification.foreignTouched === 0;
    console.log(
      passed ? "\nCHAOS PASSED: every agreement is exact, no duplicates, nothing else touched" : "\nCHAOS FAILED",
    );
    exitCode = passed ? 0 : 1;
  } finally {
    shuttingDown = true;
    for (const worker of workers) worker.kill("SIGTERM");
    await Promise.all(
      workers.map((worker) =>
        worker.exitCode === null ? new Promise((resolve) => worker.once("exit", resolve)) : null,
      ),
    );
    await stopJobs(5_000).catch(() => {});
    await sandbox.stop();
    await closeDb().catch(() => {});
    await scratch.close();
  }
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
