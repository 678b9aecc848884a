"use server";

import {
  listCatalogOptionsAction,
  listCatalogSubcategoriesAction,
  publishCatalogAction,
  saveCatalogSettingsAction,
} from "@/lib/actions/catalog";
import { getRequestContext } from "@/lib/auth/session";
import { runWorkspaceAction } from "./run-workspace-action";

const catalogPath = "/settings/integrations/connectwise/catalog";

export async function publishCatalog() {
  return runWorkspaceAction(publishCatalogAction, {}, [catalogPath], { always: true });
}

export async function saveCatalogSettings(input: unknown) {
  return runWorkspaceAction(saveCatalogSettingsAction, input, [catalogPath]);
}

export async function listCatalogOptions(input: unknown) {
  return listCatalogOptionsAction.execute(getRequestContext(), input);
}

export async function listCatalogSubcategories(input: unknown) {
  return listCatalogSubcategoriesAction.execute(getRequestContext(), input);
}
