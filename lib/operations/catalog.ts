/**
 * The Catalog tab's operations: its view, "Publish now", the settings editor and the dropdowns it reads
 * from ConnectWise. The publish itself runs as the catalog-sync job (lib/catalog/run-catalog-sync.ts).
 */
import { z } from "zod";
import { recordAuditEvent } from "@/db/queries/audit";
import {
  findActiveCatalogSyncRun,
  findLastFinishedCatalogSyncRun,
  findLatestCatalogSyncRun,
  listCatalogProductsWithLinks,
  saveCatalogSettings,
} from "@/db/queries/catalog";
import { findConnection } from "@/db/queries/connections";
import type { CatalogLink, CatalogSettings, CatalogSyncRun } from "@/db/schema";
import { defineWorkspaceAction } from "@/lib/actions/define-action";
import type { WorkspaceContext } from "@/lib/auth/context";
import { roleAllows } from "@/lib/auth/roles";
import { buildCatalogIdentifier } from "@/lib/catalog/build-catalog-item";
import { enqueueCatalogSync } from "@/lib/catalog/enqueue-catalog-sync";
import { CATALOG_SYNC_STALE_SECONDS } from "@/lib/catalog/run-catalog-sync";
import { catalogSettingsFormSchema, type CatalogSettingsForm } from "@/lib/catalog/settings-schema";
import {
  isConnectWiseError,
  MissingPermissionError,
  type ConnectWiseClient,
  type ConnectWiseLookup,
} from "@/lib/connectwise";
import { SafeError } from "@/lib/errors";
import { connectWiseClientForWorkspace } from "@/lib/integrations/connectwise-connection";

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

/** A ConnectWise failure as a message the tab may show. */
function toSafeError(error: unknown): never {
  if (error instanceof MissingPermissionError) {
    throw new SafeError(
      `ConnectWise refused to list its setup tables: the API member lacks ${error.permission ?? "a permission"}. Grant it in System › Security Roles.`,
      error.code,
    );
  }
  if (isConnectWiseError(error)) throw new SafeError(error.message, error.code);
  throw error;
}

async function clientFor(context: WorkspaceContext): Promise<ConnectWiseClient> {
  const { client } = await connectWiseClientForWorkspace(context.db, { workspaceId: context.workspace.id });
  return client;
}

export interface CatalogOption {
  id: number;
  name: string;
  isDefault: boolean;
}

const toOptions = (records: readonly ConnectWiseLookup[]): CatalogOption[] =>
  records
    .filter((record) => !record.inactive)
    .map((record) => ({ id: record.id, name: record.name, isDefault: record.isDefault }));

export interface CatalogOptions {
  productTypes: CatalogOption[];
  categories: CatalogOption[];
  subcategories: CatalogOption[];
  unitsOfMeasure: CatalogOption[];
}

/** The settings editor's dropdowns, read from ConnectWise (active records only). */
export const listCatalogOptions = defineWorkspaceAction({
  name: "catalog.options",
  role: "admin",
  schema: z.object({ categoryId: z.number().int().positive().nullable() }),
  run: async (context, input): Promise<CatalogOptions> => {
    const client = await clientFor(context);
    try {
      const [productTypes, categories, subcategories, unitsOfMeasure] = await Promise.all([
        client.listProductTypes(),
        client.listCategories(),
        input.categoryId === null ? Promise.resolve([]) : client.listSubcategories(input.categoryId),
        client.listUnitsOfMeasure(),
      ]);
      return {
        productTypes: toOptions(productTypes),
        categories: toOptions(categories),
        subcategories: toOptions(subcategories),
        unitsOfMeasure: toOptions(unitsOfMeasure),
      };
    } catch (error) {
      toSafeError(error);
    }
  },
});

/** The subcategories of one category, when the editor's category changes. */
export const listCatalogSubcategories = defineWorkspaceAction({
  name: "catalog.subcategories",
  role: "admin",
  schema: z.object({ categoryId: z.number().int().positive() }),
  run: async (context, input): Promise<CatalogOption[]> => {
    const client = await clientFor(context);
    try {
      return toOptions(await client.listSubcategories(input.categoryId));
    } catch (error) {
      toSafeError(error);
    }
  },
});

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

/**
 * Saves the catalog settings after checking every id against ConnectWise (active, and the subcategory
 * belonging to the category), then queues a publish so the items follow.
 */
export const saveCatalogSettingsAction = defineWorkspaceAction({
  name: "catalog.saveSettings",
  role: "admin",
  schema: catalogSettingsFormSchema,
  run: async (context, input) => {
    const client = await clientFor(context);
    let lists: Omit<CatalogOptions, "subcategories"> & { subcategories: ConnectWiseLookup[] };
    try {
      const [productTypes, categories, subcategories, unitsOfMeasure] = await Promise.all([
        client.listProductTypes(),
        client.listCategories(),
        client.listSubcategories(input.categoryId),
        client.listUnitsOfMeasure(),
      ]);
      lists = {
        productTypes: toOptions(productTypes),
        categories: toOptions(categories),
        subcategories,
        unitsOfMeasure: toOptions(unitsOfMeasure),
      };
    } catch (error) {
      toSafeError(error);
    }
    const productType = lists.productTypes.find((option) => option.id === input.productTypeId);
    const category = lists.categories.find((option) => option.id === input.categoryId);
    const subcategory = toOptions(lists.subcategories).find((option) => option.id === input.subcategoryId);
    const unit =
      input.unitOfMeasureId === null
        ? null
        : lists.unitsOfMeasure.find((option) => option.id === input.unitOfMeasureId);
    const fieldErrors: Record<string, string> = {};
    if (!productType)
      fieldErrors.productTypeId = "That product type is not an active one in ConnectWise. Choose another.";
    if (!category) fieldErrors.categoryId = "That category is not an active one in ConnectWise. Choose another.";
    if (!subcategory) fieldErrors.subcategoryId = "Choose an active subcategory of the chosen category.";
    if (unit === undefined)
      fieldErrors.unitOfMeasureId = "That unit of measure is not an active one in ConnectWise. Choose another.";
    if (!productType || !category || !subcategory || unit === undefined)
      throw new SafeError("Some fields need attention.", "invalid", fieldErrors);

    const settings: CatalogSettings = {
      productTypeId: productType.id,
      productTypeName: productType.name,
      categoryId: category.id,
      categoryName: category.name,
      subcategoryId: subcategory.id,
      subcategoryName: subcategory.name,
      unitOfMeasureId: unit?.id ?? null,
      unitOfMeasureName: unit?.name ?? null,
      identifierPrefix: input.identifierPrefix,
      pricePolicy:
        input.pricePolicy === "markup" ? { kind: "markup", percent: input.markupPercent ?? 0 } : { kind: "suggested" },
      taxable: input.taxable,
    };
    const saved = await saveCatalogSettings(context.db, { workspaceId: context.workspace.id, settings });
    if (!saved) throw new SafeError("ConnectWise is not connected.", "not-connected");
    await recordAuditEvent(context.db, {
      workspaceId: context.workspace.id,
      actorUserId: context.user.id,
      ipAddress: context.address,
      action: "catalog.settings-changed",
      targetType: "psa_connection",
      targetId: "connectwise",
      details: { ...settings },
    });
    const { queued } = await enqueueCatalogSync(context.db, { workspaceId: context.workspace.id, trigger: "settings" });
    return {
      message: queued
        ? "Catalog settings saved. Publishing the catalog with them now."
        : "Catalog settings saved. The publish already queued will use them.",
    };
  },
});

/** "Publish now": queues a publish (or reports the one already waiting) and returns at once. */
export const publishCatalogNow = defineWorkspaceAction({
  name: "catalog.publish",
  role: "admin",
  schema: z.object({}).strict(),
  run: async (context) => {
    const connection = await findConnection(context.db, { workspaceId: context.workspace.id });
    if (!connection || connection.status === "disconnected")
      throw new SafeError(
        "ConnectWise is not connected. Connect it in Settings › Integrations first.",
        "not-connected",
      );
    const { run, queued } = await enqueueCatalogSync(context.db, {
      workspaceId: context.workspace.id,
      trigger: "manual",
    });
    return {
      runId: run?.id ?? null,
      queued,
      message: queued
        ? "Publishing the catalog to ConnectWise."
        : "A publish is already waiting to run; it will include every change.",
    };
  },
});
