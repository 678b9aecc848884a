"use server";

import { createApiTokenAction, revokeApiTokenAction, saveOffboardingAction } from "@/lib/actions/api-tokens";
import { runWorkspaceAction } from "./run-workspace-action";

const page = "/settings/api-tokens";

export async function createApiToken(input: unknown) {
  return runWorkspaceAction(createApiTokenAction, input, [page]);
}

export async function revokeApiToken(input: unknown) {
  return runWorkspaceAction(revokeApiTokenAction, input, [page]);
}

export async function saveOffboarding(input: unknown) {
  return runWorkspaceAction(saveOffboardingAction, input, [page]);
}
