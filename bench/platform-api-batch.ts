/**
 * `api.batch10k`: one `POST /api/v1/usage` with every organization of a workspace × 8 SKUs (10,000 by
 * default), through the real route handler (token, body limit, zod, set-based SQL in one transaction),
 * three times with new quantities each time (p50 of the three), and the time from the response until
 * every changed, mapped organization with sync on has its sync queued.
 */
import { and, gte, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { organizations, products, syncRuns } from "@/db/schema";
import { POST as postUsage } from "@/app/api/v1/usage/route";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { SyncFixture } from "./fixture";
import { percentile, round } from "./support";

const extraProducts = [
  { sku: "BENCH-ZTNA", name: "ZTNA Connector", unit: "connector" },
  { sku: "BENCH-CASB", name: "CASB Add-on", unit: "user" },
  { sku: "BENCH-SWG", name: "Secure Web Gateway", unit: "user" },
];

export type BatchMeasurement = {
  organizations: number;
  skus: number;
  bodyMegabytes: number;
  rounds: number;
  appliedP50Ms: number;
  appliedMaxMs: number;
  changedMappings: number;
  queuedP50Ms: number;
  queuedMaxMs: number;
};

export async function measureUsageBatch(
  db: Database,
  fixture: SyncFixture,
  options: { organizations: number; rounds: number; waitForRuns: (runIds: string[]) => Promise<void> },
): Promise<BatchMeasurement> {
  const workspaceId = fixture.workspaceId;
  await db.insert(products).values(
    extraProducts.map((product) => ({
      ...product,
      workspaceId,
      description: `${product.name} (benchmark)`,
      cost: "1.00",
      suggestedPrice: "2.00",
    })),
  );
  const existing = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(organizations)
    .where(sql`${organizations.workspaceId} = ${workspaceId}`);
  const missing = options.organizations - existing[0]!.count;
  for (let start = 0; start < missing; start += 2000) {
    await db.insert(organizations).values(
      Array.from({ length: Math.min(2000, missing - start) }, (_, offset) => ({
        workspaceId,
        externalId: `batch-${start + offset + 1}`,
        name: `Batch Organization ${start + offset + 1}`,
      })),
    );
  }
  const skus = (
    await db
      .select({ sku: products.sku })
      .from(products)
      .where(sql`${products.workspaceId} = ${workspaceId}`)
  )
    .map((row) => row.sku)
    .sort();
  const externalIds = (
    await db
      .select({ externalId: organizations.externalId })
      .from(organizations)
      .where(sql`${organizations.workspaceId} = ${workspaceId}`)
  ).map((row) => row.externalId);
  const { token } = await createApiToken(db, { workspaceId, name: "Benchmark", scopes: ["write"], creator: null });

  const appliedMs: number[] = [];
  const queuedMs: number[] = [];
  let bodyBytes = 0;
  for (let round_ = 0; round_ < options.rounds; round_++) {
    const body = JSON.stringify({
      asOf: new Date(Date.UTC(2026, 11, 1, round_)).toISOString(),
      organizations: externalIds.map((externalId, index) => ({
        externalId,
        quantities: Object.fromEntries(skus.map((sku, skuIndex) => [sku, 1 + ((index + skuIndex * 7 + round_) % 250)])),
      })),
    });
    bodyBytes = Buffer.byteLength(body);
    const request = new Request("http://127.0.0.1/api/v1/usage", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
    });
    const started = new Date();
    const startedAt = performance.now();
    const response = await postUsage(request, { params: Promise.resolve({}) });
    const answered = performance.now();
    const result = (await response.json()) as { applied: number };
    if (response.status !== 200 || result.applied !== externalIds.length)
      throw new Error(`api.batch10k: unexpected answer ${response.status} ${JSON.stringify(result).slice(0, 500)}`);
    appliedMs.push(answered - startedAt);

    // Every mapped organization with sync on changed, so every mapping must get a queued run.
    const deadline = Date.now() + 5 * 60_000;
    let runIds: string[] = [];
    for (;;) {
      const runs = await db
        .select({ id: syncRuns.id, mappingId: syncRuns.mappingId })
        .from(syncRuns)
        .where(and(inArray(syncRuns.mappingId, fixture.mappingIds), gte(syncRuns.queuedAt, started)));
      if (new Set(runs.map((run) => run.mappingId)).size === fixture.mappingIds.length) {
        queuedMs.push(performance.now() - answered);
        runIds = runs.map((run) => run.id);
        break;
      }
      if (Date.now() > deadline) throw new Error("api.batch10k: the changed mappings' syncs were not queued in 5 min");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await options.waitForRuns(runIds);
  }
  return {
    organizations: externalIds.length,
    skus: skus.length,
    bodyMegabytes: round(bodyBytes / 1024 / 1024, 2),
    rounds: options.rounds,
    appliedP50Ms: round(percentile(appliedMs, 0.5)),
    appliedMaxMs: round(Math.max(...appliedMs)),
    changedMappings: fixture.mappingIds.length,
    queuedP50Ms: round(percentile(queuedMs, 0.5)),
    queuedMaxMs: round(Math.max(...queuedMs)),
  };
}
