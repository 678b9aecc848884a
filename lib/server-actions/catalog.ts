"use server";

import { revalidatePath } from "next/cache";
import {
  listCatalogOptionsAction,
  listCatalogSubcategoriesAction,
  publishCatalogAction,
  saveCatalogSettingsAction,
} from "@/lib/actions/catalog";
import { getRequestContext } from "@/lib/auth/session";

const catalogPath = "/settings/integrations/connectwise/catalog";

export async function publishCatalog() {
  const result = await publishCatalogAction.execute(getRequestContext(), {});
  revalidatePath(catalogPath);
  return result;
}

export async function saveCatalogSettings(input: unknown) {
  const result = await saveCatalogSettingsAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath(catalogPath);
  return result;
}

export async function listCatalogOptions(input: unknown) {
  return listCatalogOptionsAction.execute(getRequestContext(), input);
}

export async function listCatalogSubcategories(input: unknown) {
  return listCatalogSubcategoriesAction.execute(getRequestContext(), input);
}
