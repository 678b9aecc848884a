/**
 * `npm run bench`: measures the sync, company search, the mapping table and "Sync now" against the
 * ConnectWise sandbox (50 ms per request, 1,000 requests/minute by default), prints a table and writes
 * bench/results.json, and the platform API's usage batch (api.batch10k). Sizes are flags (`--organizations 100 --companies 20000 ...`); `--small` is the
 * quick CI size. The reconciliation report and the dashboard (report.monthP95Ms, dashboard.p95Ms) are
 * measured on 5,000 organizations × 8 products × a year of daily history (`--small`: 300 × 8 × 60 days);
 * `--only reports` runs just that part, `--report-days N` builds N days of history instead.
 */
import "@/tests/setup/network-jail.mjs";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { mappings, memberships, organizations, syncRuns, users, workspaces } from "@/db/schema";
import { countMappingRows, listMappingRows, mappingFilters, mappingSorts } from "@/db/queries/mappings";
import { countCompanies, listMatchingCompanies } from "@/db/queries/directory";
import { refreshCompanyDirectory } from "@/lib/mapping/run-directory-refresh";
import { startJobWorkers } from "@/jobs/worker";
import { stopJobs } from "@/jobs/send";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { normalizeCompanyName } from "@/lib/mapping/normalize-company-name";
import { enqueueOrganizationSync } from "@/lib/sync/enqueue-organization-sync";
import { closeDb } from "@/db";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { buildSyncFixture, verifyAgreements, type SyncFixture } from "./fixture";
import { measureUsageBatch } from "./platform-api-batch";
import { measureFleet } from "./scale-fleet";
import { measureScaleRuns } from "./scale-runs";
import { fullReportsSize, measureReports, smallReportsSize } from "./reports";
import {
  apiRequests,
  cleanUpOnSignal,
  elapsedMs,
  percentile,
  printTable,
  readFlags,
  round,
  startScratchDatabase,
  waitForRuns,
} from "./support";

const flags = readFlags({
  small: false,
  organizations: 100,
  companies: 20_000,
  agreements: 40_000,
  tableOrganizations: 5_000,
  searchQueries: 200,
  syncNowSamples: 20,
  batchOrganizations: 10_000,
  latencyMs: 50,
  sandboxRpm: 1_000,
  limiterRpm: 900,
  concurrency: 8,
  scale: false,
  costRuns: 40,
  fleetWorkspaces: 1_000,
  fleetMappingsPerWorkspace: 2_000,
  /** `reports`: only the reconciliation report and dashboard figures. */
  only: "",
  /** Days of history for the reports part (0: a year, or 60 with --small). */
  reportDays: 0,
});
const organizationsGiven = process.argv.some((argument) => argument.startsWith("--organizations"));
if (flags.scale && !organizationsGiven) flags.organizations = flags.small ? 200 : 2_000;
if (flags.scale) {
  if (flags.small) Object.assign(flags, { fleetWorkspaces: 20, fleetMappingsPerWorkspace: 500 });
  if (flags.small && !process.argv.some((argument) => argument.startsWith("--cost-runs"))) flags.costRuns = 20;
} else if (flags.small)
  Object.assign(flags, {
    organizations: 10,
    companies: 2_000,
    agreements: 4_000,
    tableOrganizations: 500,
    searchQueries: 40,
    syncNowSamples: 5,
    batchOrganizations: 1_000,
  });

process.env.AUTH_SECRET ??= "bench-auth-secret-bench-auth-secret-0123456789";
process.env.APP_ENCRYPTION_KEY ??= Buffer.alloc(32, 5).toString("base64");
process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
process.env.CW_RATE_LIMIT_PER_MINUTE = String(flags.limiterRpm);
process.env.CW_MAX_CONCURRENCY = String(flags.concurrency);

const results: Record<string, unknown> = { flags, startedAt: new Date().toISOString() };

async function measureCycle(
  label: string,
  db: Parameters<typeof verifyAgreements>[0],
  sandbox: Sandbox,
  fixture: SyncFixture,
) {
  sandbox.clearLog();
  const started = process.hrtime.bigint();
  const runIds: string[] = [];
  for (const mappingId of fixture.mappingIds) {
    runIds.push(
      (await enqueueOrganizationSync(db, { workspaceId: fixture.workspaceId, mappingId, trigger: "bulk" })).runId,
    );
  }
  await waitForRuns(db, runIds);
  const wallMs = elapsedMs(started);
  const requests = apiRequests(sandbox);
  const failed = await db
    .select({ id: syncRuns.id, error: syncRuns.error })
    .from(syncRuns)
    .where(and(inArray(syncRuns.id, runIds), eq(syncRuns.state, "failed")));
  const boundMs = (requests.length / flags.sandboxRpm) * 60_000;
  const verification = await verifyAgreements(db, sandbox, fixture);
  return {
    cycle: label,
    organizations: fixture.mappingIds.length,
    wallSeconds: round(wallMs / 1000, 2),
    requests: requests.length,
    requestsPerOrganization: round(requests.length / fixture.mappingIds.length, 2),
    http429: requests.filter((entry) => entry.status === 429).length,
    failedRuns: failed.length,
    rateBoundSeconds: round(boundMs / 1000, 2),
    wallToBoundRatio: round(wallMs / boundMs, 2),
    agreementsExact: `${verification.exact}/${verification.agreements}`,
  };
}

const file = path.resolve("bench/results.json");

function writeResults() {
  results.finishedAt = new Date().toISOString();
  // A partial run (--only) keeps the other figures of the last full run.
  // A full run keeps the fleet figures (`--scale`), which come from a run of their own.
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  const kept = flags.only ? previous : previous.scale === undefined ? {} : { scale: previous.scale };
  writeFileSync(file, `${JSON.stringify({ ...kept, ...results }, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

async function runReports(db: Parameters<typeof verifyAgreements>[0]) {
  const size = flags.small ? smallReportsSize : fullReportsSize;
  const measured = await measureReports(db, flags.reportDays ? { ...size, days: flags.reportDays } : size);
  printTable(
    `(f) Reconciliation report month page and dashboard: ${measured.size.organizations} organizations × ${measured.size.products} products, ${measured.historyRows.toLocaleString("en-US")} days of history (${measured.historySize}), ${measured.runs.toLocaleString("en-US")} runs, ${measured.changes.toLocaleString("en-US")} changes; server time of the read models`,
    [
      {
        page: `report month (${measured.report.linesPerMonth} lines, 12 months in turn, ${measured.report.changedOrganizationsBetweenReads} organizations changed before each read)`,
        ...measured.report,
      },
      {
        page: `dashboard (${measured.dashboard.changedOrganizationsBetweenReads} organizations changed before each read)`,
        ...measured.dashboard,
      },
      { page: `every line of the running month (CSV / API, ${measured.export.lines} lines)`, ...measured.export },
    ].map(({ page, samples, p50Ms, p95Ms, maxMs }) => ({ page, samples, p50Ms, p95Ms, maxMs })),
  );
  console.log(
    `a month's first read (all its lines worked out and kept): p50 ${measured.report.firstViewMs.p50} ms, max ${measured.report.firstViewMs.max} ms`,
  );
  results["report.monthP95Ms"] = measured["report.monthP95Ms"];
  results["dashboard.p95Ms"] = measured["dashboard.p95Ms"];
  results.reports = measured;
}

async function main() {
  console.log(`Billbridge benchmarks: ${JSON.stringify(flags)}`);
  if (flags.only) {
    if (flags.only !== "reports") throw new Error(`--only takes "reports"`);
    const scratch = await startScratchDatabase("billbridge_bench_reports");
    cleanUpOnSignal(() => scratch.close());
    try {
      await runReports(scratch.db);
    } finally {
      await closeDb().catch(() => {});
      await scratch.close();
    }
    writeResults();
    return;
  }
  const scratch = await startScratchDatabase("billbridge_bench");
  const { db } = scratch;
  const sandboxStart = process.hrtime.bigint();
  const sandbox = await startSandbox({
    scenario: "large",
    seed: 11,
    companies: flags.companies,
    agreements: flags.agreements,
  });
  cleanUpOnSignal(async () => {
    await stopJobs(2_000).catch(() => {});
    await sandbox.stop();
    await scratch.close();
  });
  console.log(
    `sandbox: ${flags.companies} companies, ${flags.agreements} agreements, built in ${round(elapsedMs(sandboxStart) / 1000, 1)} s`,
  );
  // Benchmarks measure throughput, not the 30 s waits ConnectWise asks for after a 429.
  setConnectWiseTransportOverrides({ retryPolicy: { retryAfterScale: 0.05 } });
  try {
    // (a) sync cycles
    const fixture = await buildSyncFixture(db, sandbox, { organizations: flags.organizations, seed: 3 });
    sandbox.configure({ latencyMs: flags.latencyMs, rateLimitPerMinute: flags.sandboxRpm });
    await startJobWorkers({ log: () => {} });
    const first = await measureCycle("first full sync", db, sandbox, fixture);
    const steady = await measureCycle("steady-state hourly cycle", db, sandbox, fixture);
    printTable(
      `(a) Sync of ${flags.organizations} organizations × 5 products (sandbox: ${flags.latencyMs} ms/request, ${flags.sandboxRpm} requests/min; limiter ${flags.limiterRpm}/min, concurrency ${flags.concurrency})`,
      [first, steady],
    );
    results.sync = { first, steady };

    // (d) "Sync now": enqueue to start
    const latencies: number[] = [];
    for (let sample = 0; sample < flags.syncNowSamples; sample++) {
      const mappingId = fixture.mappingIds[sample % fixture.mappingIds.length]!;
      const { runId } = await enqueueOrganizationSync(db, {
        workspaceId: fixture.workspaceId,
        mappingId,
        trigger: "manual",
      });
      await waitForRuns(db, [runId], 60_000);
      const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
      latencies.push(run!.startedAt!.getTime() - run!.queuedAt.getTime());
    }
    const syncNow = {
      samples: latencies.length,
      p50Ms: round(percentile(latencies, 0.5)),
      p95Ms: round(percentile(latencies, 0.95)),
      maxMs: round(Math.max(...latencies)),
    };
    printTable("(d) Sync now: enqueue → run started", [syncNow]);
    results.syncNow = syncNow;

    // (e) the platform API's usage batch
    const batch = await measureUsageBatch(db, fixture, {
      organizations: flags.batchOrganizations,
      rounds: 3,
      waitForRuns: (runIds) => waitForRuns(db, runIds, 10 * 60_000),
    });
    printTable(
      `(e) api.batch10k: POST /api/v1/usage, ${batch.organizations} organizations × ${batch.skus} SKUs (p50 of ${batch.rounds}); then every changed mapping's sync queued`,
      [batch],
    );
    results["api.batch10k"] = batch;
    await stopJobs(10_000);
    sandbox.configure({ latencyMs: 0, rateLimitPerMinute: null });

    // (b) company search over the directory cache
    const refreshStart = process.hrtime.bigint();
    const refreshed = await refreshCompanyDirectory(db, { workspaceId: fixture.workspaceId });
    const refreshSeconds = round(elapsedMs(refreshStart) / 1000, 2);
    const cached = await countCompanies(db, { workspaceId: fixture.workspaceId });
    const names = sandbox.state
      .companies()
      .filter((company) => !company.deletedFlag)
      .map((company) => String(company.name));
    const scriptNames = names.filter((name) => /[^\p{Script=Latin}\p{N}\p{P}\p{Z}]/u.test(name));
    const queries = Array.from({ length: flags.searchQueries }, (_, index) => {
      // A fifth are fragments from inside names without spaces (Japanese, Chinese, Thai, Korean), one to
      // four characters long; a tenth are German transliterations (Müller typed as Mueller).
      if (index % 5 === 4 && scriptNames.length > 0) {
        // A fragment of the name itself (what people type), from inside its longest word.
        const words = normalizeCompanyName(scriptNames[(index * 7919) % scriptNames.length]!).split(/[\s\d]+/);
        const word = [...words].sort((left, right) => right.length - left.length)[0]!;
        const length = Math.min(word.length, 1 + (index % 4));
        const start = (index * 31) % Math.max(1, word.length - length + 1);
        return word.slice(start, start + length);
      }
      const name = names[(index * 7919) % names.length]!;
      const prefix = name.slice(0, 4 + (index % 6));
      if (index % 10 === 3) return name.replace(/ü/g, "ue").replace(/ö/g, "oe").replace(/ä/g, "ae").replace(/ß/g, "ss");
      // a third with a typo (two letters swapped), a third accent-free, a third as typed
      if (index % 3 === 0 && prefix.length > 4) return prefix.slice(0, 2) + prefix[3] + prefix[2] + prefix.slice(4);
      if (index % 3 === 1) return prefix.normalize("NFD").replace(/\p{Diacritic}/gu, "");
      return prefix;
    });
    const searchTimes: number[] = [];
    let found = 0;
    for (const query of queries) {
      const started = process.hrtime.bigint();
      const rows = await listMatchingCompanies(db, {
        workspaceId: fixture.workspaceId,
        query,
        normalizedQuery: normalizeCompanyName(query),
      });
      searchTimes.push(elapsedMs(started));
      if (rows.length > 0) found++;
    }
    const search = {
      companiesCached: cached,
      directoryRefreshSeconds: refreshSeconds,
      agreementsCached: refreshed.agreements,
      queries: queries.length,
      queriesWithResults: found,
      p50Ms: round(percentile(searchTimes, 0.5), 2),
      p95Ms: round(percentile(searchTimes, 0.95), 2),
    };
    printTable("(b) Company search (Select Customer) over the directory cache", [search]);
    results.companySearch = search;

    // (c) mapping table page with many organizations
    const table = await measureMappingTable(db, fixture);
    printTable(
      `(c) Mapping table page (25 rows) with ${flags.tableOrganizations} organizations: data queries per page`,
      [table],
    );
    results.mappingTable = table;

    // (f) the reconciliation report and the dashboard
    await runReports(db);
  } finally {
    await stopJobs(5_000).catch(() => {});
    await sandbox.stop();
    await closeDb().catch(() => {});
    await scratch.close();
  }
  writeResults();
}

async function measureMappingTable(db: Parameters<typeof verifyAgreements>[0], fixture: SyncFixture) {
  const slug = `table-${randomUUID().slice(0, 8)}`;
  const [workspace] = await db.insert(workspaces).values({ name: "Large MSP", slug }).returning();
  const [user] = await db
    .insert(users)
    .values({ email: `owner@${slug}.example` })
    .returning();
  await db.insert(memberships).values({ workspaceId: workspace!.id, userId: user!.id, role: "owner" });
  const words = [
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Litware",
    "Proseware",
    "Woodgrove",
    "Alpine",
    "Coho",
    "Relecloud",
  ];
  const organizationRows: Array<{ id: string }> = [];
  for (let index = 0; index < flags.tableOrganizations; index += 2_000) {
    const batch = Array.from({ length: Math.min(2_000, flags.tableOrganizations - index) }, (_, offset) => {
      const number = index + offset;
      return {
        workspaceId: workspace!.id,
        externalId: `large-${number}`,
        name: `${words[number % words.length]} ${number} Holdings`,
      };
    });
    organizationRows.push(...(await db.insert(organizations).values(batch).returning({ id: organizations.id })));
  }
  const mapped = organizationRows.filter((_, index) => index % 2 === 0);
  for (let index = 0; index < mapped.length; index += 2_000) {
    await db.insert(mappings).values(
      mapped.slice(index, index + 2_000).map((organization, offset) => ({
        workspaceId: workspace!.id,
        organizationId: organization.id,
        cwCompanyId: 100_000 + index + offset,
        cwCompanyIdentifier: `C${index + offset}`,
        cwCompanyName: `Company ${index + offset}`,
        cwAgreementId: 500_000 + index + offset,
        cwAgreementName: "Managed Services",
        syncEnabled: (index + offset) % 3 === 0,
        lastRunState: (index + offset) % 17 === 0 ? ("failed" as const) : ("succeeded" as const),
        lastRunAt: new Date(),
      })),
    );
  }
  await db.execute(sql`analyze`);
  const times: number[] = [];
  const pageCount = Math.ceil(flags.tableOrganizations / 25);
  let sample = 0;
  for (const filter of mappingFilters) {
    for (const sort of mappingSorts) {
      for (const search of [undefined, "north", "holdngs 12"]) {
        const page = 1 + ((sample * 37) % Math.max(1, Math.floor(pageCount / 2)));
        const started = process.hrtime.bigint();
        await Promise.all([
          listMappingRows(db, {
            workspaceId: workspace!.id,
            filter,
            sort,
            direction: sample % 2 ? "desc" : "asc",
            search,
            page,
            pageSize: 25,
          }),
          countMappingRows(db, { workspaceId: workspace!.id }),
        ]);
        times.push(elapsedMs(started));
        sample++;
      }
    }
  }
  void fixture;
  return {
    organizations: flags.tableOrganizations,
    pageLoads: times.length,
    p50Ms: round(percentile(times, 0.5), 2),
    p95Ms: round(percentile(times, 0.95), 2),
    maxMs: round(Math.max(...times), 2),
  };
}

/**
 * `--scale`, second part: the fleet figures, merged into bench/results.json under `scale` (other keys kept). The
 * cost of one run and a steady-state cycle of `--organizations` (2,000; 200 with `--small`).
 */
async function mainScaleRuns() {
  // A company of its own per organization, with room to spare; the search and table sizes do not apply here.
  const companies = Math.max(2_000, flags.organizations * 2);
  const { organizations, latencyMs, sandboxRpm, limiterRpm, costRuns, small } = flags;
  console.log(
    `Billbridge scale benchmarks: ${JSON.stringify({ small, organizations, companies, agreements: companies * 2, latencyMs, sandboxRpm, limiterRpm, costRuns })}`,
  );
  const scratch = await startScratchDatabase("billbridge_bench_scale");
  const { db } = scratch;
  const sandbox = await startSandbox({ scenario: "large", seed: 11, companies, agreements: companies * 2 });
  cleanUpOnSignal(async () => {
    await stopJobs(2_000).catch(() => {});
    await sandbox.stop();
    await scratch.close();
  });
  setConnectWiseTransportOverrides({ retryPolicy: { retryAfterScale: 0.05 } });
  const scale: Record<string, unknown> = {};
  try {
    const runs = await measureScaleRuns(db, sandbox, {
      databaseUrl: scratch.url,
      organizations: flags.organizations,
      latencyMs: flags.latencyMs,
      sandboxRpm: flags.sandboxRpm,
      limiterRpm: flags.limiterRpm,
      concurrency: 8,
      costRuns: flags.costRuns,
    });
    const { runCost, ...figures } = runs;
    printTable("(scale) One steady-state run (no change, one ConnectWise read)", [
      {
        statementsPerRun: runCost.statementsPerRun,
        statementsFirstRun: runCost.statementsFirstRun,
        cpuMsPerRun: runCost.cpuMsPerRun,
        wallMsPerRun: runCost.wallMsPerRun,
        requestsPerRun: runCost.requestsPerRun,
        runs: runCost.runs,
      },
    ]);
    console.log(`statements of one run:\n  ${runCost.statementsOfOneRun.join("\n  ")}`);
    printTable(
      `(scale) Steady-state cycle (sandbox ${flags.latencyMs} ms/request, ${flags.sandboxRpm}/min; limiter ${flags.limiterRpm}/min)`,
      [figures.steady2000],
    );
    console.log(`workersFor2MPerHour: ${JSON.stringify(figures.workersFor2MPerHour, null, 2)}`);
    Object.assign(scale, figures, {
      runCost: { ...runCost, statementsOfOneRun: undefined },
      runsFlags: { organizations: flags.organizations, small: flags.small },
    });
  } finally {
    await stopJobs(5_000).catch(() => {});
    await sandbox.stop();
    await closeDb().catch(() => {});
    await scratch.close();
  }
  const file = path.resolve("bench/results.json");
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  const merged = {
    ...existing,
    scale: { ...((existing.scale as Record<string, unknown> | undefined) ?? {}), ...scale },
  };
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  console.log(`\nwrote scale figures into ${path.relative(process.cwd(), file)}`);
}

/**
 * `--scale`, first part: the fleet (bench/scale-fleet.ts) in its own scratch database; its figures go into
 * bench/results.json under `scale`, the file's other keys kept.
 */
async function mainScaleFleet() {
  const started = process.hrtime.bigint();
  console.log(
    `Billbridge fleet benchmark: ${flags.fleetWorkspaces} workspaces × ${flags.fleetMappingsPerWorkspace} organizations`,
  );
  const scratch = await startScratchDatabase("billbridge_bench_scale");
  cleanUpOnSignal(async () => {
    await stopJobs(2_000).catch(() => {});
    await scratch.close();
  });
  try {
    const fleet = await measureFleet(scratch.db, {
      workspaces: flags.fleetWorkspaces,
      mappingsPerWorkspace: flags.fleetMappingsPerWorkspace,
      hourlyChurn: 0.05,
      simulatedHours: 24,
      warmupHours: 24,
      fairnessBacklog: 5_000,
      fairnessSamples: 5,
      log: (line) => console.log(line),
    });
    printTable("Scheduler at fleet size", [
      {
        mappings: fleet.fleet.mappings,
        tickSecondsAt2M: fleet.tickSecondsAt2M,
        dueInTick: fleet.tick.due,
        enqueuePerSecond: fleet.enqueuePerSecond,
        requestsPerOrgHour: fleet.requestsPerOrgHour,
        fairnessSyncNowStartMs: fleet.fairnessSyncNowStartMs,
      },
    ]);
    const file = path.resolve("bench/results.json");
    const existing = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
    const previous = (existing.scale ?? {}) as Record<string, unknown>;
    const scale = { ...previous, ...fleet, flags: { ...flags }, measuredAt: new Date().toISOString() };
    writeFileSync(file, `${JSON.stringify({ ...existing, scale }, null, 2)}\n`);
    console.log(`wrote bench/results.json (scale) in ${round(elapsedMs(started) / 1000, 1)} s`);
  } finally {
    await stopJobs(2_000).catch(() => {});
    await closeDb().catch(() => {});
    await scratch.close();
  }
}

/** `--scale`: the fleet's scheduler figures, then the cost of a run and the steady cycle. */
async function mainScale() {
  await mainScaleFleet();
  await mainScaleRuns();
}

(flags.scale ? mainScale() : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
