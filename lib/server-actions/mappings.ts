"use server";

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
import { runWorkspaceAction } from "./run-workspace-action";

const tablePath = "/settings/integrations/connectwise";

export async function searchCompanies(input: unknown) {
  return searchCompaniesAction.execute(getRequestContext(), input);
}

export async function listAgreements(input: unknown) {
  return listAgreementsAction.execute(getRequestContext(), input);
}

export async function saveMapping(input: unknown) {
  return runWorkspaceAction(saveMappingAction, input, [tablePath]);
}

export async function setMappingSync(input: unknown) {
  return runWorkspaceAction(setMappingSyncAction, input, [tablePath]);
}

export async function clearMappings(input: unknown) {
  return runWorkspaceAction(clearMappingsAction, input, [tablePath]);
}

export async function previewAutoMatch() {
  return previewAutoMatchAction.execute(getRequestContext(), {});
}

export async function acceptAutoMatches(input: unknown) {
  return runWorkspaceAction(acceptAutoMatchesAction, input, [tablePath]);
}

export async function exportMappingsCsv() {
  return exportMappingsCsvAction.execute(getRequestContext(), {});
}

export async function importMappingsCsv(input: unknown) {
  return runWorkspaceAction(importMappingsCsvAction, input, [tablePath]);
}

export async function refreshDirectory() {
  return runWorkspaceAction(refreshDirectoryAction, {}, [tablePath]);
}
