/**
 * One catalog publish for one workspace: the I/O shell around planCatalogSync. It reads the products,
 * looks our identifiers up in ConnectWise with one request, plans, writes only what the plan says, and
 * records per product what happened (catalog_links) and for the run its progress (catalog_sync_runs).
 *
 * Failures are per product where they can be: a missing permission marks the products that need it
 * "blocked" (and later writes needing the same permission are not even attempted), a validation error
 * marks the product "failed" with ConnectWise's field message. Only problems that stop everything
 * (no connection, bad keys, no settings, the lookup refused) fail the run.
 */
import type { Database } from "@/db";
import { markSyncsDue } from "@/lib/sync/mark-syncs-due";
import { listProducts } from "@/db/queries/organizations";
import {
  claimCatalogSyncRun,
  listCatalogProductsWithLinks,
  saveCatalogLink,
  updateCatalogSettings,
  updateCatalogSyncRun,
} from "@/db/queries/catalog";
import type { CatalogLink, CatalogSettings, CatalogSyncRun } from "@/db/schema";
import {
  BadCredentialsError,
  ConnectWiseError,
  MissingPermissionError,
  ValidationError,
  type ConnectWiseClient,
  type NewCatalogItem,
} from "@/lib/connectwise";
import { CATALOG_SYNC_STALE_SECONDS } from "@/jobs/queues";
import { connectWiseClientForWorkspace } from "@/lib/connection/client-for-workspace";
import { NotConnectedError } from "@/lib/errors";
import { buildCatalogItem, type DesiredCatalogItem } from "./build-catalog-item";
import { chooseDefaultCatalogSettings } from "./choose-default-settings";
import { listLookupIdentifiers, planCatalogSync, type CatalogSyncAction } from "./plan-catalog-sync";
import { plural } from "@/lib/format";

export type CatalogSyncTrigger = CatalogSyncRun["trigger"];

export const CATALOG_ADD_PERMISSION = "Procurement > Product Catalog > Add";
export const CATALOG_EDIT_PERMISSION = "Procurement > Product Catalog > Edit";
export const CATALOG_INQUIRE_PERMISSION = "Procurement > Product Catalog > Inquire";

export interface CatalogSyncSummary {
  created: number;
  adopted: number;
  updated: number;
  deactivated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  blocked: number;
}

export type CatalogSyncOutcome =
  | { status: "succeeded"; runId: string; summary: CatalogSyncSummary; apiCalls: number }
  /** `retry`: worth running again later (ConnectWise trouble); otherwise someone must change something first. */
  | {
      status: "failed";
      runId: string | null;
      message: string;
      retry: boolean;
      summary: CatalogSyncSummary;
      apiCalls: number;
    }
  | { status: "busy"; message: string };

function emptySummary(): CatalogSyncSummary {
  return { created: 0, adopted: 0, updated: 0, deactivated: 0, unchanged: 0, skipped: 0, failed: 0, blocked: 0 };
}

/** ConnectWise's own field messages, as the Catalog tab shows them. */
export function describeValidationError(error: ValidationError): string {
  const details = error.fieldErrors.map((fieldError) =>
    fieldError.field ? `${fieldError.field}: ${fieldError.message}` : fieldError.message,
  );
  return details.length > 0 ? `ConnectWise refused it. ${details.join(" ")}` : error.message;
}

export function describeMissingPermission(permission: string): string {
  return `Blocked: the API member lacks ${permission}. Grant it in ConnectWise (System › Security Roles), then publish again.`;
}

function toNewCatalogItem(item: DesiredCatalogItem): NewCatalogItem {
  return {
    identifier: item.identifier,
    description: item.description,
    customerDescription: item.customerDescription,
    productTypeId: item.productTypeId,
    categoryId: item.categoryId,
    subcategoryId: item.subcategoryId,
    ...(item.unitOfMeasureId === null ? {} : { unitOfMeasureId: item.unitOfMeasureId }),
    price: item.price,
    cost: item.cost,
    productClass: item.productClass,
    taxable: item.taxable,
  };
}

/** Reads the four setup tables and picks defaults; saves them. Returns the settings or a problem to show. */
export async function chooseAndSaveDefaultSettings(
  db: Database,
  client: ConnectWiseClient,
  workspaceId: string,
): Promise<{ ok: true; settings: CatalogSettings } | { ok: false; problem: string }> {
  const [productTypes, categories, subcategories, unitsOfMeasure] = await Promise.all([
    client.listProductTypes(),
    client.listCategories(),
    client.listSubcategories(),
    client.listUnitsOfMeasure(),
  ]);
  const productUnits = (await listProducts(db, { workspaceId })).map((product) => product.unit);
  const choice = chooseDefaultCatalogSettings(
    { productTypes, categories, subcategories, unitsOfMeasure },
    productUnits,
  );
  if (choice.ok) await updateCatalogSettings(db, { workspaceId, settings: choice.settings });
  return choice;
}

export async function runCatalogSync(
  db: Database,
  params: {
    workspaceId: string;
    jobId: string;
    trigger: CatalogSyncTrigger;
    attempt: number;
    /** No retry follows this attempt, so a transient failure is final too. Default true: a direct call is not retried. */
    finalAttempt?: boolean;
    log?: (message: string, details?: Record<string, unknown>) => void;
  },
): Promise<CatalogSyncOutcome> {
  const { workspaceId } = params;
  const run = await claimCatalogSyncRun(db, {
    workspaceId,
    jobId: params.jobId,
    trigger: params.trigger,
    attempt: params.attempt,
    staleBefore: new Date(Date.now() - CATALOG_SYNC_STALE_SECONDS * 1000),
  });
  if (!run) return { status: "busy", message: "Another catalog publish of this workspace is running." };

  let apiCalls = 0;
  const summary = emptySummary();
  const fail = async (message: string, transient: boolean): Promise<CatalogSyncOutcome> => {
    const retry = transient && params.finalAttempt === false;
    await updateCatalogSyncRun(db, {
      workspaceId,
      runId: run.id,
      values: retry
        ? { state: "queued", error: `Will try again: ${message}`, apiCalls, summary: { ...summary } }
        : { state: "failed", error: message, finishedAt: new Date(), apiCalls, summary: { ...summary } },
    });
    return { status: "failed", runId: run.id, message, retry, summary, apiCalls };
  };

  try {
    const { client, connection } = await connectWiseClientForWorkspace(db, {
      workspaceId,
      extra: { onRequest: () => void (apiCalls += 1) },
    });

    let settings = connection.catalogSettings;
    if (!settings) {
      const choice = await chooseAndSaveDefaultSettings(db, client, workspaceId);
      if (!choice.ok) return await fail(choice.problem, false);
      settings = choice.settings;
      params.log?.("catalog settings chosen", {
        productType: settings.productTypeName,
        subcategory: `${settings.categoryName}/${settings.subcategoryName}`,
      });
    }

    const rows = await listCatalogProductsWithLinks(db, { workspaceId });
    const planned = rows.map(({ product }) => ({ productId: product.id, item: buildCatalogItem(product, settings) }));
    const links = rows.flatMap(({ link }) => (link ? [link] : []));
    const linkByProduct = new Map<string, CatalogLink>(links.map((link) => [link.productId, link]));

    let found;
    try {
      found = await client.findCatalogItemsByIdentifiers(listLookupIdentifiers(planned, links));
    } catch (error) {
      if (error instanceof MissingPermissionError) {
        const permission = error.permission ?? CATALOG_INQUIRE_PERMISSION;
        const now = new Date();
        for (const { productId, item } of planned) {
          if (item.inactive && !linkByProduct.has(productId)) continue;
          const link = linkByProduct.get(productId);
          await saveCatalogLink(db, {
            workspaceId,
            productId,
            values: {
              cwIdentifier: link?.cwIdentifier ?? item.identifier,
              cwCatalogItemId: link?.cwCatalogItemId ?? null,
              state: "blocked",
              lastError: describeMissingPermission(permission),
              lastSyncedAt: now,
            },
          });
        }
        summary.blocked = planned.length;
        return await fail(describeMissingPermission(permission), false);
      }
      throw error;
    }

    const actions = planCatalogSync(planned, links, found);
    await updateCatalogSyncRun(db, {
      workspaceId,
      runId: run.id,
      values: { total: actions.length, processed: 0, apiCalls },
    });

    const refusedPermissions = new Set<string>();
    let transientProblem: string | null = null;
    let processed = 0;
    for (const action of actions) {
      const problem = await applyCatalogAction(db, client, {
        workspaceId,
        action,
        link: linkByProduct.get(action.productId),
        refusedPermissions,
        summary,
      });
      if (problem) transientProblem ??= problem;
      processed += 1;
      await updateCatalogSyncRun(db, {
        workspaceId,
        runId: run.id,
        values: { processed, apiCalls, summary: { ...summary } },
      });
    }

    if (transientProblem) return await fail(transientProblem, true);
    await updateCatalogSyncRun(db, {
      workspaceId,
      runId: run.id,
      values: {
        state: "succeeded",
        finishedAt: new Date(),
        apiCalls,
        summary: { ...summary },
        error: summarizeProblems(summary),
      },
    });
    params.log?.("catalog published", { ...summary, apiCalls });
    // Products, prices or catalog items changed: the organizations' billed lines may have too.
    if (params.trigger !== "schedule" || summary.created + summary.adopted + summary.updated + summary.deactivated > 0)
      await markSyncsDue(db, { workspaceId });
    return { status: "succeeded", runId: run.id, summary, apiCalls };
  } catch (error) {
    if (error instanceof NotConnectedError) return await fail(error.message, false);
    if (error instanceof MissingPermissionError) {
      // Only the setup tables are read outside the per-product handling: defaults could not be chosen.
      return await fail(
        `Catalog settings could not be chosen: ${describeMissingPermission(error.permission ?? "System > Table Setup > Inquire")}`,
        false,
      );
    }
    if (error instanceof ConnectWiseError) return await fail(error.message, error.transient);
    await fail("Something went wrong on our side; the server log has the details.", true).catch(() => undefined);
    throw error;
  }
}

function summarizeProblems(summary: CatalogSyncSummary): string | null {
  const parts = [
    summary.failed > 0 ? `${summary.failed} ${plural(summary.failed, "product")} failed` : null,
    summary.blocked > 0
      ? `${summary.blocked} ${plural(summary.blocked, "product is", "products are")} blocked by a missing permission`
      : null,
  ].filter(Boolean);
  return parts.length > 0 ? `${parts.join("; ")}. See each product's message.` : null;
}

/**
 * Carries out one planned action and records its outcome on the product's link. Returns a message when it
 * failed for a transient reason (the run is then retried), else null.
 */
async function applyCatalogAction(
  db: Database,
  client: ConnectWiseClient,
  params: {
    workspaceId: string;
    action: CatalogSyncAction;
    link: CatalogLink | undefined;
    refusedPermissions: Set<string>;
    summary: CatalogSyncSummary;
  },
): Promise<string | null> {
  const { workspaceId, action, link, summary } = params;
  const now = new Date();
  const save = (values: Parameters<typeof saveCatalogLink>[1]["values"]) =>
    saveCatalogLink(db, { workspaceId, productId: action.productId, values: { lastSyncedAt: now, ...values } });
  // What the link keeps when a write did not happen: the last item and hash we know were written.
  const kept = {
    cwIdentifier: link?.cwIdentifier ?? (action.kind === "create" ? action.item.identifier : action.identifier),
    cwCatalogItemId: link?.cwCatalogItemId ?? null,
    writtenHash: link?.writtenHash ?? null,
  };

  switch (action.kind) {
    case "conflict":
      summary.failed += 1;
      await save({ ...kept, state: "failed", lastError: action.message });
      return null;
    case "skip":
      summary.skipped += 1;
      if (link) await save({ ...kept, state: "retired", lastError: null });
      return null;
    case "unchanged":
      summary.unchanged += 1;
      await save({
        cwIdentifier: action.identifier,
        cwCatalogItemId: action.catalogItemId,
        writtenHash: action.hash,
        state: action.retired ? "retired" : "unchanged",
        lastError: null,
      });
      return null;
    case "adopt":
      if (Object.keys(action.changes).length === 0) {
        summary.adopted += 1;
        await save({
          cwIdentifier: action.identifier,
          cwCatalogItemId: action.catalogItemId,
          writtenHash: action.hash,
          state: "published",
          lastError: null,
        });
        return null;
      }
      break;
    default:
      break;
  }

  const permission = action.kind === "create" ? CATALOG_ADD_PERMISSION : CATALOG_EDIT_PERMISSION;
  // An adopted item is ours from now on even if we may not write to it yet.
  const identified = action.kind === "create" ? kept : { ...kept, cwCatalogItemId: action.catalogItemId };
  if (params.refusedPermissions.has(permission)) {
    summary.blocked += 1;
    await save({ ...identified, state: "blocked", lastError: describeMissingPermission(permission) });
    return null;
  }
  try {
    if (action.kind === "create") {
      const created = await client.createCatalogItem(toNewCatalogItem(action.item));
      summary.created += 1;
      await save({
        cwIdentifier: created.identifier || action.item.identifier,
        cwCatalogItemId: created.id,
        writtenHash: action.hash,
        state: "published",
        lastError: null,
      });
      return null;
    }
    const updated = await client.updateCatalogItem(action.catalogItemId, action.changes);
    const state = action.kind === "deactivate" ? "retired" : action.kind === "adopt" ? "published" : "updated";
    if (action.kind === "adopt") summary.adopted += 1;
    else if (action.kind === "deactivate") summary.deactivated += 1;
    else summary.updated += 1;
    await save({
      cwIdentifier: updated.identifier || action.identifier,
      cwCatalogItemId: updated.id,
      writtenHash: action.hash,
      state,
      lastError: null,
    });
    return null;
  } catch (error) {
    if (error instanceof MissingPermissionError) {
      const refused = error.permission ?? permission;
      params.refusedPermissions.add(refused);
      summary.blocked += 1;
      await save({ ...identified, state: "blocked", lastError: describeMissingPermission(refused) });
      return null;
    }
    if (error instanceof ValidationError) {
      summary.failed += 1;
      await save({ ...identified, state: "failed", lastError: describeValidationError(error) });
      return null;
    }
    if (error instanceof BadCredentialsError || !(error instanceof ConnectWiseError)) throw error;
    summary.failed += 1;
    await save({ ...identified, state: "failed", lastError: error.message });
    return error.transient || error.outcomeUnknown ? error.message : null;
  }
}
