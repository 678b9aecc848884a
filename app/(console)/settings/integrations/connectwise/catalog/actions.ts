"use server";

import { revalidatePath } from "next/cache";
import { getRequestContext } from "@/lib/auth/session";
import {
  listCatalogOptions,
  listCatalogSubcategories,
  publishCatalogNow,
  saveCatalogSettingsAction,
} from "@/lib/operations/catalog";

const catalogPath = "/settings/integrations/connectwise/catalog";

export async function publishCatalogNowAction() {
  const result = await publishCatalogNow.execute(getRequestContext(), {});
  revalidatePath(catalogPath);
  return result;
}

export async function saveCatalogSettingsFormAction(input: unknown) {
  const result = await saveCatalogSettingsAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath(catalogPath);
  return result;
}

export async function listCatalogOptionsAction(input: unknown) {
  return listCatalogOptions.execute(getRequestContext(), input);
}

export async function listCatalogSubcategoriesAction(input: unknown) {
  return listCatalogSubcategories.execute(getRequestContext(), input);
}
