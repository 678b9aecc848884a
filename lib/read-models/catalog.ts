/** The Catalog tab: the settings, every product with its ConnectWise item, and the latest publishes. */
import {
  findActiveCatalogSyncRun,
  findLastFinishedCatalogSyncRun,
  findLatestCatalogSyncRun,
  listCatalogProductsWithLinks,
} from "@/db/queries/catalog";
import { findConnection } from "@/db/queries/connections";
import type { CatalogLink, CatalogSettings, CatalogSyncRun } from "@/db/schema";
import { CATALOG_SYNC_STALE_SECONDS } from "@/jobs/queues";
import type { WorkspaceContext } from "@/lib/auth/context";
import { roleAllows } from "@/lib/auth/roles";
import { buildCatalogIdentifier } from "@/lib/catalog/build-catalog-item";
import type { CatalogSettingsForm } from "@/lib/schemas/catalog-settings";

export interface CatalogRunView {
  id: string;
  trigger: CatalogSyncRun["trigger"];
  state: CatalogSyncRun["state"] | "interrupted";
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  total: number;
  processed: number;
  apiCalls: number;
  summary: Record<string, number>;
  error: string | null;
}

export interface CatalogProductView {
  productId: string;
  sku: string;
  name: string;
  active: boolean;
  /** The ConnectWise identifier: the one last written, else the one a publish would use. */
  identifier: string | null;
  catalogItemId: number | null;
  state: CatalogLink["state"] | "not-published";
  message: string | null;
  lastSyncedAt: string | null;
}

export interface CatalogView {
  connected: boolean;
  canEdit: boolean;
  settings: CatalogSettings | null;
  products: CatalogProductView[];
  latestRun: CatalogRunView | null;
  lastFinishedRun: CatalogRunView | null;
  /** True while a publish is queued or running: the tab refreshes itself. */
  active: boolean;
}

const QUEUED_STALE_MS = 24 * 3600_000;

function presentRun(run: CatalogSyncRun | null): CatalogRunView | null {
  if (!run) return null;
  const staleRunning =
    run.state === "running" &&
    run.startedAt !== null &&
    Date.now() - run.startedAt.getTime() > CATALOG_SYNC_STALE_SECONDS * 1000;
  // A day in the queue means no worker is coming for it (its job was removed); stop showing it as waiting.
  const staleQueued = run.state === "queued" && Date.now() - run.queuedAt.getTime() > QUEUED_STALE_MS;
  const stale = staleRunning || staleQueued;
  return {
    id: run.id,
    trigger: run.trigger,
    state: stale ? "interrupted" : run.state,
    queuedAt: run.queuedAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    total: run.total,
    processed: run.processed,
    apiCalls: run.apiCalls,
    summary: run.summary,
    error: run.error,
  };
}

export async function getCatalogView(context: WorkspaceContext): Promise<CatalogView> {
  const workspaceId = context.workspace.id;
  const [connection, rows, activeRun, latest, lastFinished] = await Promise.all([
    findConnection(context.db, { workspaceId }),
    listCatalogProductsWithLinks(context.db, { workspaceId }),
    findActiveCatalogSyncRun(context.db, { workspaceId }),
    findLatestCatalogSyncRun(context.db, { workspaceId }),
    findLastFinishedCatalogSyncRun(context.db, { workspaceId }),
  ]);
  const settings = connection?.catalogSettings ?? null;
  // A run still waiting in the queue matters more than a newer finished one.
  const latestRun = presentRun(activeRun ?? latest);
  return {
    connected: connection !== null && connection.status !== "disconnected",
    canEdit: roleAllows(context.role, "admin"),
    settings,
    latestRun,
    lastFinishedRun: presentRun(lastFinished),
    active: latestRun?.state === "queued" || latestRun?.state === "running",
    products: rows.map(({ product, link }) => ({
      productId: product.id,
      sku: product.sku,
      name: product.name,
      active: product.active,
      identifier:
        link?.cwIdentifier ?? (settings ? buildCatalogIdentifier(settings.identifierPrefix, product.sku) : null),
      catalogItemId: link?.cwCatalogItemId ?? null,
      state: link?.state ?? "not-published",
      message: link?.lastError ?? null,
      lastSyncedAt: link?.lastSyncedAt?.toISOString() ?? null,
    })),
  };
}

/** The stored settings as the editor's form values. */
export function toCatalogSettingsForm(settings: CatalogSettings | null): CatalogSettingsForm | null {
  if (!settings) return null;
  return {
    productTypeId: settings.productTypeId,
    categoryId: settings.categoryId,
    subcategoryId: settings.subcategoryId,
    unitOfMeasureId: settings.unitOfMeasureId,
    identifierPrefix: settings.identifierPrefix,
    pricePolicy: settings.pricePolicy.kind,
    markupPercent: settings.pricePolicy.kind === "markup" ? settings.pricePolicy.percent : null,
    taxable: settings.taxable,
  };
}
