"use server";

import { revalidatePath } from "next/cache";
import {
  acceptAutoMatchesAction,
  clearMappingsAction,
  exportMappingsCsvAction,
  importMappingsCsvAction,
  listAgreementsAction,
  previewAutoMatchAction,
  refreshDirectoryAction,
  saveMappingAction,
  searchCompaniesAction,
  setMappingSyncAction,
} from "@/lib/actions/mappings";
import { getRequestContext } from "@/lib/auth/session";

const tablePath = "/settings/integrations/connectwise";

async function refreshingTable<Result extends { ok: boolean }>(result: Promise<Result>): Promise<Result> {
  const settled = await result;
  if (settled.ok) revalidatePath(tablePath);
  return settled;
}

export async function searchCompanies(input: unknown) {
  return searchCompaniesAction.execute(getRequestContext(), input);
}

export async function listAgreements(input: unknown) {
  return listAgreementsAction.execute(getRequestContext(), input);
}

export async function saveMapping(input: unknown) {
  return refreshingTable(saveMappingAction.execute(getRequestContext(), input));
}

export async function setMappingSync(input: unknown) {
  return refreshingTable(setMappingSyncAction.execute(getRequestContext(), input));
}

export async function clearMappings(input: unknown) {
  return refreshingTable(clearMappingsAction.execute(getRequestContext(), input));
}

export async function previewAutoMatch() {
  return previewAutoMatchAction.execute(getRequestContext(), {});
}

export async function acceptAutoMatches(input: unknown) {
  return refreshingTable(acceptAutoMatchesAction.execute(getRequestContext(), input));
}

export async function exportMappingsCsv() {
  return exportMappingsCsvAction.execute(getRequestContext(), {});
}

export async function importMappingsCsv(input: unknown) {
  return refreshingTable(importMappingsCsvAction.execute(getRequestContext(), input));
}

export async function refreshDirectory() {
  return refreshingTable(refreshDirectoryAction.execute(getRequestContext(), {}));
}
