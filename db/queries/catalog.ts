import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Database } from "../index";
import {
  catalogLinks,
  catalogSyncRuns,
  products,
  psaConnections,
  type CatalogSettings,
  type CatalogSyncRun,
  type NewCatalogLink,
} from "../schema";

/** The workspace's vendor products with their catalog link (if any), by SKU. */
export async function listCatalogProductsWithLinks(db: Database, params: { workspaceId: string }) {
  return db
    .select({ product: products, link: catalogLinks })
    .from(products)
    .leftJoin(
      catalogLinks,
      and(eq(catalogLinks.productId, products.id), eq(catalogLinks.workspaceId, params.workspaceId)),
    )
    .where(eq(products.workspaceId, params.workspaceId))
    .orderBy(asc(products.sku));
}

export async function saveCatalogLink(
  db: Database,
  params: {
    workspaceId: string;
    productId: string;
    values: Omit<NewCatalogLink, "id" | "workspaceId" | "productId" | "updatedAt">;
  },
) {
  await db
    .insert(catalogLinks)
    .values({ ...params.values, workspaceId: params.workspaceId, productId: params.productId })
    .onConflictDoUpdate({
      target: [catalogLinks.workspaceId, catalogLinks.productId],
      set: { ...params.values, updatedAt: new Date() },
    });
}

export async function updateCatalogSettings(db: Database, params: { workspaceId: string; settings: CatalogSettings }) {
  const [row] = await db
    .update(psaConnections)
    .set({ catalogSettings: params.settings, updatedAt: new Date() })
    .where(and(eq(psaConnections.workspaceId, params.workspaceId), eq(psaConnections.provider, "connectwise")))
    .returning({ id: psaConnections.id });
  return row ?? null;
}

/** Workspaces whose ConnectWise connection is active (the daily publish covers them all). */
export async function createCatalogSyncRun(
  db: Database,
  params: { workspaceId: string; jobId: string; trigger: CatalogSyncRun["trigger"] },
) {
  const [row] = await db
    .insert(catalogSyncRuns)
    .values({ ...params, state: "queued" })
    .returning();
  return row!;
}

export async function deleteCatalogSyncRun(db: Database, params: { workspaceId: string; runId: string }) {
  await db
    .delete(catalogSyncRuns)
    .where(and(eq(catalogSyncRuns.workspaceId, params.workspaceId), eq(catalogSyncRuns.id, params.runId)));
}

/** The newest run that is queued or running, if any. */
export async function findActiveCatalogSyncRun(db: Database, params: { workspaceId: string }) {
  const [row] = await db
    .select()
    .from(catalogSyncRuns)
    .where(
      and(eq(catalogSyncRuns.workspaceId, params.workspaceId), inArray(catalogSyncRuns.state, ["queued", "running"])),
    )
    .orderBy(desc(catalogSyncRuns.queuedAt))
    .limit(1);
  return row ?? null;
}

/** The newest run (active or finished), for the Catalog tab. */
export async function findLatestCatalogSyncRun(db: Database, params: { workspaceId: string }) {
  const [row] = await db
    .select()
    .from(catalogSyncRuns)
    .where(eq(catalogSyncRuns.workspaceId, params.workspaceId))
    .orderBy(desc(catalogSyncRuns.queuedAt))
    .limit(1);
  return row ?? null;
}

/** The newest finished run, for "last published". */
export async function findLastFinishedCatalogSyncRun(db: Database, params: { workspaceId: string }) {
  const [row] = await db
    .select()
    .from(catalogSyncRuns)
    .where(
      and(eq(catalogSyncRuns.workspaceId, params.workspaceId), inArray(catalogSyncRuns.state, ["succeeded", "failed"])),
    )
    .orderBy(desc(catalogSyncRuns.finishedAt))
    .limit(1);
  return row ?? null;
}

/**
 * Marks the run of this job running, unless another run of the workspace is running and not stale (a
 * second worker, or a direct call during a queued run). Serialized per workspace with a transaction-scoped
 * advisory lock, so two claims cannot both win. Returns null when refused.
 */
export async function claimCatalogSyncRun(
  db: Database,
  params: {
    workspaceId: string;
    jobId: string;
    trigger: CatalogSyncRun["trigger"];
    attempt: number;
    staleBefore: Date;
  },
): Promise<CatalogSyncRun | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`catalog-sync:${params.workspaceId}`}, 0))`);
    const [other] = await tx
      .select({ id: catalogSyncRuns.id, startedAt: catalogSyncRuns.startedAt })
      .from(catalogSyncRuns)
      .where(
        and(
          eq(catalogSyncRuns.workspaceId, params.workspaceId),
          eq(catalogSyncRuns.state, "running"),
          ne(catalogSyncRuns.jobId, params.jobId),
        ),
      )
      .limit(1);
    if (other && other.startedAt && other.startedAt > params.staleBefore) return null;
    if (other) {
      // A run that outlived the job's expiry died with its process.
      await tx
        .update(catalogSyncRuns)
        .set({
          state: "failed",
          finishedAt: new Date(),
          error: "The run was interrupted (its worker stopped) before it finished.",
        })
        .where(eq(catalogSyncRuns.id, other.id));
    }
    const values = {
      state: "running" as const,
      startedAt: new Date(),
      finishedAt: null,
      attempt: params.attempt,
      processed: 0,
      total: 0,
      error: null,
    };
    const [row] = await tx
      .insert(catalogSyncRuns)
      .values({ workspaceId: params.workspaceId, jobId: params.jobId, trigger: params.trigger, ...values })
      .onConflictDoUpdate({
        target: catalogSyncRuns.jobId,
        set: values,
        where: eq(catalogSyncRuns.workspaceId, params.workspaceId),
      })
      .returning();
    return row ?? null;
  });
}

export async function updateCatalogSyncRun(
  db: Database,
  params: {
    workspaceId: string;
    runId: string;
    values: Partial<
      Pick<CatalogSyncRun, "state" | "total" | "processed" | "apiCalls" | "summary" | "error" | "finishedAt">
    >;
  },
) {
  await db
    .update(catalogSyncRuns)
    .set(params.values)
    .where(and(eq(catalogSyncRuns.workspaceId, params.workspaceId), eq(catalogSyncRuns.id, params.runId)));
}
