/**
 * The fleet benchmark (`npm run bench -- --scale`): builds `workspaces` × `mappingsPerWorkspace`
 * mapped, synced organizations (usage for 8 products each) in the scratch database with set-based
 * SQL, then measures the scheduler on it: one tick at steady state, the enqueue rate, a simulated day
 * of ConnectWise requests at 5 % hourly churn with verify reads, and how soon "Sync now" starts in one
 * workspace while another has thousands of runs queued.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { listDueMappings } from "@/db/queries/sync";
import { mappings, syncRuns } from "@/db/schema";
import { getJobQueue, stopJobs } from "@/jobs/send";
import { startJobWorkers } from "@/jobs/worker";
import { enqueueDueSyncs } from "@/lib/sync/enqueue-due-syncs";
import { enqueueOrganizationSync } from "@/lib/sync/enqueue-organization-sync";
import { computeNextVerifyAt, computeVerifySlotAt } from "@/lib/sync/schedule";
import { startSandbox } from "@/sandbox/index";
import { buildSyncFixture } from "./fixture";
import { elapsedMs, percentile, round } from "./support";

export interface FleetOptions {
  workspaces: number;
  mappingsPerWorkspace: number;
  /** Share of organizations whose usage changes in an hour. */
  hourlyChurn: number;
  /** Hours simulated for requestsPerOrgHour. */
  simulatedHours: number;
  /**
   * Hours simulated first and not counted: they take the fleet from its build (every organization read
   * at its own slot of the day, as after its first read) to the read rule's steady state at this churn.
   */
  warmupHours: number;
  /** Scheduled runs queued in workspace A while "Sync now" is measured in workspace B. */
  fairnessBacklog: number;
  fairnessSamples: number;
  log: (line: string) => void;
}

const productsPerWorkspace = 8;

/**
 * The verify slot of lib/sync/schedule.ts (computeVerifySlotAt, 24 h: where a mapping's first verify
 * read goes) in SQL, for `verified`: the mapping's offset is the first 4 bytes of sha256("verify:" || id)
 * modulo the interval.
 */
function verifySlotSql(verified: string): string {
  const offset = `(('x' || substr(encode(sha256(convert_to('verify:' || id::text, 'UTF8')), 'hex'), 1, 8))::bit(32)::bigint % 86400)`;
  return `to_timestamp(floor((extract(epoch from ${verified}) + 86400 - ${offset}) / 86400) * 86400 + ${offset})`;
}

async function step<T>(log: (line: string) => void, what: string, task: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const value = await task();
  log(`  ${what}: ${round(elapsedMs(started) / 1000, 1)} s`);
  return value;
}

/**
 * One bulk statement of the fleet's build. The rows are consistent by construction, so the foreign-key
 * triggers are skipped for it (`session_replication_role`, superuser on the bench's own PostgreSQL).
 */
function bulk(db: Database, statement: ReturnType<typeof sql>) {
  return db.transaction(async (transaction) => {
    await transaction.execute(sql`set local session_replication_role = replica`);
    await transaction.execute(statement);
  });
}

/** The fleet, set-based: workspaces, connections, products, organizations, usage and synced mappings. */
async function buildFleet(db: Database, options: FleetOptions, now: Date): Promise<void> {
  const { log } = options;
  // Usage is read by runs, never by the scheduler: its 8 rows per organization are written without WAL.
  await db.execute(sql`alter table usage set unlogged`);
  const perWorkspace = options.mappingsPerWorkspace;
  await step(log, `${options.workspaces} workspaces, connected`, async () => {
    await db.execute(sql`
      insert into workspaces (name, slug)
      select 'Fleet MSP ' || n, 'fleet-' || n from generate_series(1, ${options.workspaces}) n`);
    await db.execute(sql`
      insert into psa_connections (workspace_id, provider, site_url, company_id, status)
      select id, 'connectwise', 'https://fleet.invalid', 'fleet', 'connected' from workspaces where slug like 'fleet-%'`);
    await db.execute(sql`
      insert into products (workspace_id, sku, name, description, unit, cost, suggested_price)
      select w.id, 'SKU-' || p, 'Product ' || p, 'Product ' || p, 'user', 5, 9
      from workspaces w cross join generate_series(1, ${productsPerWorkspace}) p where w.slug like 'fleet-%'`);
  });
  await step(log, `${options.workspaces * perWorkspace} organizations`, () =>
    bulk(
      db,
      sql`
      insert into organizations (workspace_id, external_id, name)
      select w.id, 'org-' || n, 'Organization ' || n
      from workspaces w cross join generate_series(1, ${perWorkspace}) n where w.slug like 'fleet-%'`,
    ),
  );
  await step(log, `usage for ${productsPerWorkspace} products each`, () =>
    bulk(
      db,
      sql`
      insert into usage (workspace_id, organization_id, product_id, quantity)
      select o.workspace_id, o.id, p.id, 1 + (hashtext(o.id::text || p.sku) & 63)
      from organizations o join products p on p.workspace_id = o.workspace_id
      join workspaces w on w.id = o.workspace_id where w.slug like 'fleet-%'`,
    ),
  );
  // Every organization read once, at its verify slot within the last day; its next read a day after it.
  await step(log, "mappings, synced and verified", () =>
    bulk(
      db,
      sql.raw(`
      insert into mappings (workspace_id, organization_id, cw_company_id, cw_agreement_id, cw_agreement_name,
        sync_enabled, schedule_offset_seconds, desired_fingerprint, verified_at, last_run_state, last_run_at)
      select o.workspace_id, o.id, 1000 + (row_number() over ()), 5000 + (row_number() over ()), 'Agreement',
        true, 1 + (hashtext(o.id::text) & 2047), md5(o.id::text), '${now.toISOString()}'::timestamptz,
        'succeeded', '${now.toISOString()}'::timestamptz
      from organizations o join workspaces w on w.id = o.workspace_id where w.slug like 'fleet-%'`),
    ),
  );
  await step(log, "verify slots", () =>
    db.execute(
      sql.raw(`
      with slot as (select id, ${verifySlotSql("verified_at")} as at from mappings where verified_at is not null)
      update mappings m set next_due_at = slot.at, verify_due_at = slot.at, verified_at = slot.at - interval '24 hours'
      from slot where slot.id = m.id`),
    ),
  );
  await step(log, "analyze", () => db.execute(sql`analyze`));
}

/**
 * The SQL verify slot is lib/sync/schedule.ts's, and each built mapping's next read is the one the
 * read rule gives after its last read: checked on a few mappings before any figure is trusted.
 */
async function assertSlotsMatch(db: Database, now: Date): Promise<void> {
  const rows = await db
    .select({ id: mappings.id, verifiedAt: mappings.verifiedAt, nextDueAt: mappings.nextDueAt })
    .from(mappings)
    .limit(20);
  for (const row of rows) {
    const slot = computeVerifySlotAt(now, row.id, 24).getTime();
    const next = computeNextVerifyAt({
      readAt: row.verifiedAt!,
      firstRead: false,
      mappingId: row.id,
      intervalHours: 24,
    });
    for (const expected of [slot, next.getTime()])
      if (Math.abs(expected - row.nextDueAt!.getTime()) > 1000)
        throw new Error(
          `verify slot mismatch for ${row.id}: ${row.nextDueAt!.toISOString()} vs ${new Date(expected).toISOString()}`,
        );
  }
}

/** Makes `share` of the fleet's mappings due at `at` (their usage changed), spread over the workspaces. */
async function churn(db: Database, share: number, at: Date, seed: number): Promise<number> {
  const modulus = Math.max(1, Math.round(1 / share));
  const rows = await db.execute<{ n: number }>(sql`
    with changed as (
      update mappings set next_due_at = least(next_due_at, ${at.toISOString()}::timestamptz)
      where sync_enabled and abs(hashtext(id::text || ${String(seed)})) % ${modulus} = 0
      returning 1
    ) select count(*)::int as n from changed`);
  return rows[0]!.n;
}

/**
 * One scheduler tick at steady state: a minute's share of the hourly churn made due, plus the verify
 * reads whose slot falls in the minute, then `enqueueDueSyncs` (selection, run rows, pg-boss jobs).
 */
async function measureTick(db: Database, options: FleetOptions, now: Date) {
  const total = options.workspaces * options.mappingsPerWorkspace;
  const changed = await churn(db, options.hourlyChurn / 60, now, 1);
  const tickAt = new Date(now.getTime() + 60_000);
  const started = process.hrtime.bigint();
  const result = await enqueueDueSyncs(db, { now: tickAt });
  const seconds = elapsedMs(started) / 1000;
  return { mappings: total, changedThisMinute: changed, ...result, seconds: round(seconds, 2) };
}

/** The enqueue rate on a larger backlog: `count` mappings due at once across the fleet. */
async function measureEnqueueRate(db: Database, count: number, now: Date, total: number) {
  await churn(db, count / total, now, 2);
  const started = process.hrtime.bigint();
  const result = await enqueueDueSyncs(db, { now: new Date(now.getTime() + 60_000) });
  const seconds = elapsedMs(started) / 1000;
  return { ...result, seconds: round(seconds, 2), perSecond: Math.round(result.enqueued / seconds) };
}

/**
 * A simulated day: each hour `hourlyChurn` of the organizations change (at a random minute), and the
 * scheduler's own selection (listDueMappings) decides which run. A run of a changed organization reads
 * its agreement once and writes the changed line once; a verify read of an unchanged one reads once and
 * writes nothing (no drift). Each run records its read and makes the mapping's next verify read due a
 * day after it (computeNextVerifyAt), as a successful run does. The first `warmupHours` are not counted.
 */
async function simulateDay(db: Database, options: FleetOptions, start: Date) {
  await db.execute(sql`delete from sync_runs`);
  await db.execute(sql`create temporary table if not exists changed_now (id uuid primary key)`);
  let reads = 0;
  let writes = 0;
  const total = options.workspaces * options.mappingsPerWorkspace;
  const modulus = Math.max(1, Math.round(1 / options.hourlyChurn));
  for (let hour = -options.warmupHours; hour < options.simulatedHours; hour++) {
    const counted = hour >= 0;
    const from = new Date(start.getTime() + (hour + options.warmupHours) * 3_600_000);
    const to = new Date(from.getTime() + 3_600_000);
    await db.execute(sql`truncate changed_now`);
    await db.execute(sql`
      insert into changed_now (id)
      select id from mappings where sync_enabled and abs(hashtext(id::text || ${`h${hour}`})) % ${modulus} = 0`);
    // Each change lands at a minute of the hour (stable per mapping and hour).
    await db.execute(sql`
      update mappings m set next_due_at = least(m.next_due_at,
        ${from.toISOString()}::timestamptz + interval '1 second' * (abs(hashtext(m.id::text || ${`m${hour}`})) % 3600))
      from changed_now c where c.id = m.id`);
    const due = await listDueMappings(db, { now: to, limit: total, perWorkspaceLimit: total });
    const ids = due.map((row) => row.id);
    for (let offset = 0; offset < ids.length; offset += 50_000) {
      const batch = ids.slice(offset, offset + 50_000);
      const [changed] = await db.execute<{ changed: number }>(sql`
        select count(*)::int as changed from changed_now where id = any(${`{${batch.join(",")}}`}::uuid[])`);
      if (counted) {
        reads += batch.length;
        writes += changed!.changed;
      }
      // The run reads at the time the mapping fell due; its next verify read is due a day after that read.
      await db.execute(
        sql.raw(`
        update mappings set verified_at = next_due_at, verify_due_at = next_due_at + interval '24 hours',
          next_due_at = next_due_at + interval '24 hours'
        where id = any('{${batch.join(",")}}'::uuid[])`),
      );
    }
    options.log(
      `  ${counted ? `hour ${hour + 1}` : `warm-up hour ${hour + options.warmupHours + 1}`}: ${ids.length} runs`,
    );
  }
  const organizationHours = total * options.simulatedHours;
  return {
    method:
      "simulated: the scheduler's own selection (listDueMappings) over simulated hours after uncounted warm-up hours; a changed organization's run = 1 GET + 1 PATCH, a verify read = 1 GET; the next verify read is due 24 h after the last read",
    organizations: total,
    warmupHours: options.warmupHours,
    hours: options.simulatedHours,
    hourlyChurn: options.hourlyChurn,
    runs: reads,
    reads,
    writes,
    readsPerOrgHour: round(reads / organizationHours, 4),
    writesPerOrgHour: round(writes / organizationHours, 4),
    requestsPerOrgHour: round((reads + writes) / organizationHours, 4),
  };
}

/**
 * Workspace A has `fairnessBacklog` scheduled runs queued and every ordinary worker slot busy with them
 * (its organizations share a few agreements on a slow sandbox); "Sync now" in workspace B: from the
 * press to the run's start.
 */
async function measureFairness(db: Database, options: FleetOptions) {
  const sandbox = await startSandbox({ scenario: "large", seed: 17, companies: 200, agreements: 400 });
  try {
    const a = await buildSyncFixture(db, sandbox, { organizations: 8, seed: 5 });
    const b = await buildSyncFixture(db, sandbox, { organizations: 2, seed: 6 });
    // A's backlog: more organizations on A's agreements, all due now.
    await db.execute(sql`
      insert into organizations (workspace_id, external_id, name)
      select ${a.workspaceId}, 'backlog-' || n, 'Backlog ' || n from generate_series(1, ${options.fairnessBacklog}) n`);
    await db.execute(sql`
      insert into mappings (workspace_id, organization_id, cw_company_id, cw_agreement_id, cw_agreement_name, sync_enabled, next_due_at)
      select o.workspace_id, o.id, m.cw_company_id, m.cw_agreement_id, m.cw_agreement_name, true, now() - interval '1 second'
      from organizations o
      join lateral (select * from mappings where workspace_id = ${a.workspaceId} and cw_agreement_id is not null limit 1) m on true
      where o.workspace_id = ${a.workspaceId} and o.external_id like 'backlog-%'`);
    const backlog = await enqueueDueSyncs(db, {
      now: new Date(),
      workspaceId: a.workspaceId,
      perWorkspaceLimit: options.fairnessBacklog,
    });
    sandbox.configure({ latencyMs: 400 });
    await startJobWorkers({ log: () => {} });
    // Wait until A's runs hold the ordinary worker slots.
    for (;;) {
      const [row] = await db
        .select({ running: sql<number>`count(*)::int` })
        .from(syncRuns)
        .where(and(eq(syncRuns.workspaceId, a.workspaceId), eq(syncRuns.state, "running")));
      if (row!.running >= 4) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const latencies: number[] = [];
    for (let sample = 0; sample < options.fairnessSamples; sample++) {
      const mappingId = b.mappingIds[sample % b.mappingIds.length]!;
      const pressed = Date.now();
      const { runId } = await enqueueOrganizationSync(db, { workspaceId: b.workspaceId, mappingId, trigger: "manual" });
      for (;;) {
        const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
        if (run?.startedAt) {
          latencies.push(run.startedAt.getTime() - pressed);
          break;
        }
        if (Date.now() - pressed > 120_000) throw new Error("Sync now in workspace B did not start within 2 minutes");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Wait for it to end before the next press, so each press queues a new run.
      for (;;) {
        const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
        if (run?.finishedAt) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const [left] = await db
      .select({ queued: sql<number>`count(*)::int` })
      .from(syncRuns)
      .where(and(eq(syncRuns.workspaceId, a.workspaceId), inArray(syncRuns.state, ["queued", "running"])));
    return {
      backlogQueued: backlog.enqueued,
      backlogStillOpenAtEnd: left!.queued,
      samples: latencies.length,
      p50Ms: round(percentile(latencies, 0.5)),
      maxMs: round(Math.max(...latencies)),
    };
  } finally {
    await stopJobs(2_000).catch(() => {});
    await sandbox.stop();
  }
}

/** Builds the fleet and measures the scheduler on it; the figures for bench/results.json's `scale`. */
export async function measureFleet(db: Database, options: FleetOptions) {
  const started = process.hrtime.bigint();
  const now = new Date();
  const total = options.workspaces * options.mappingsPerWorkspace;
  options.log(`building the fleet: ${options.workspaces} workspaces × ${options.mappingsPerWorkspace} organizations`);
  await buildFleet(db, options, now);
  await assertSlotsMatch(db, now);
  const buildSeconds = round(elapsedMs(started) / 1000, 1);
  await getJobQueue();
  options.log("one steady-state tick");
  const tick = await measureTick(db, options, now);
  options.log(`  ${JSON.stringify(tick)}`);
  options.log("enqueue rate");
  const enqueue = await measureEnqueueRate(db, Math.min(100_000, Math.round(total * 0.05)), now, total);
  options.log(`  ${JSON.stringify(enqueue)}`);
  // The simulated day starts from a quiet queue: runs already queued would otherwise be in the way.
  await db.execute(sql`delete from pgboss.job where name = 'organization-sync'`);
  options.log("simulated day");
  const day = await simulateDay(db, options, new Date(now.getTime() + 2 * 60_000));
  options.log("fairness");
  const fairness = await measureFairness(db, options);
  const [size] = await db.execute<{ bytes: string }>(sql`select pg_database_size(current_database())::text as bytes`);
  return {
    fleet: { workspaces: options.workspaces, mappingsPerWorkspace: options.mappingsPerWorkspace, mappings: total },
    buildSeconds,
    databaseGigabytes: round(Number(size!.bytes) / 1024 ** 3, 2),
    tickSecondsAt2M: tick.seconds,
    tick,
    enqueuePerSecond: enqueue.perSecond,
    enqueue,
    requestsPerOrgHour: day.requestsPerOrgHour,
    day,
    fairnessSyncNowStartMs: fairness.maxMs,
    fairness,
    totalSeconds: round(elapsedMs(started) / 1000, 1),
  };
}
