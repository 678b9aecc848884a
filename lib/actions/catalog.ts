import { recordActionAuditEvent } from "@/lib/audit/record-action-event";
/**
 * The Catalog tab's actions: "Publish now", the settings editor and the dropdowns it reads from
 * ConnectWise. The publish itself runs as the catalog-sync job (lib/catalog/run-catalog-sync.ts).
 */
import { resolveProductUnits } from "@/lib/catalog/resolve-product-units";
import { z } from "zod";
import { updateCatalogSettings } from "@/db/queries/catalog";
import { buildCatalogSettings } from "@/lib/catalog/build-catalog-settings";
import { enqueueCatalogSync } from "@/lib/catalog/enqueue-catalog-sync";
import {
  isConnectWiseError,
  MissingPermissionError,
  type ConnectWiseClient,
  type ConnectWiseLookup,
} from "@/lib/connectwise";
import { connectWiseClientForWorkspace, requireConnection } from "@/lib/connection/client-for-workspace";
import type { WorkspaceContext } from "@/lib/auth/context";
import { NotConnectedError, SafeError } from "@/lib/errors";
import { catalogSettingsFormSchema } from "@/lib/schemas/catalog-settings";
import { defineWorkspaceAction } from "./define-action";

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
export const listCatalogOptionsAction = defineWorkspaceAction({
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
export const listCatalogSubcategoriesAction = defineWorkspaceAction({
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
    const unitsByProductUnit = await resolveProductUnits(client, input.productUnits ?? [], lists.unitsOfMeasure);

    const settings = buildCatalogSettings(
      { productType, category, subcategory, unit },
      {
        identifierPrefix: input.identifierPrefix,
        pricePolicy:
          input.pricePolicy === "markup"
            ? { kind: "markup", percent: input.markupPercent ?? 0 }
            : { kind: "suggested" },
        taxable: input.taxable,
        unitsByProductUnit,
      },
    );
    const saved = await updateCatalogSettings(context.db, { workspaceId: context.workspace.id, settings });
    if (!saved) throw new NotConnectedError();
    await recordActionAuditEvent(context, {
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
export const publishCatalogAction = defineWorkspaceAction({
  name: "catalog.publish",
  role: "admin",
  schema: z.object({}).strict(),
  run: async (context) => {
    await requireConnection(context.db, { workspaceId: context.workspace.id });
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
