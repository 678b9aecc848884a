"use server";

import { revalidatePath } from "next/cache";
import { getRequestContext } from "@/lib/auth/session";
import {
  acceptAutoMatches,
  clearMappings,
  exportMappingsCsv,
  importMappingsCsv,
  listAgreementsForCompany,
  previewAutoMatch,
  refreshDirectory,
  saveMappingAction,
  searchCompanies,
  setMappingSync,
} from "@/lib/operations/mappings";
import { syncNow } from "@/lib/operations/sync";

const tablePath = "/settings/integrations/connectwise";

async function refreshingTable<Result extends { ok: boolean }>(result: Promise<Result>): Promise<Result> {
  const settled = await result;
  if (settled.ok) revalidatePath(tablePath);
  return settled;
}

export async function searchCompaniesAction(input: unknown) {
  return searchCompanies.execute(getRequestContext(), input);
}

export async function listAgreementsAction(input: unknown) {
  return listAgreementsForCompany.execute(getRequestContext(), input);
}

export async function saveMappingServerAction(input: unknown) {
  return refreshingTable(saveMappingAction.execute(getRequestContext(), input));
}

export async function setMappingSyncAction(input: unknown) {
  return refreshingTable(setMappingSync.execute(getRequestContext(), input));
}

export async function clearMappingsAction(input: unknown) {
  return refreshingTable(clearMappings.execute(getRequestContext(), input));
}

export async function syncNowAction(input: unknown) {
  return refreshingTable(syncNow.execute(getRequestContext(), input));
}

export async function previewAutoMatchAction() {
  return previewAutoMatch.execute(getRequestContext(), {});
}

export async function acceptAutoMatchesAction(input: unknown) {
  return refreshingTable(acceptAutoMatches.execute(getRequestContext(), input));
}

export async function exportMappingsCsvAction() {
  return exportMappingsCsv.execute(getRequestContext(), {});
}

export async function importMappingsCsvAction(input: unknown) {
  return refreshingTable(importMappingsCsv.execute(getRequestContext(), input));
}

export async function refreshDirectoryAction() {
  return refreshingTable(refreshDirectory.execute(getRequestContext(), {}));
}
