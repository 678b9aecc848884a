"use server";

import { revalidatePath } from "next/cache";
import { createApiTokenAction, revokeApiTokenAction, saveOffboardingAction } from "@/lib/actions/api-tokens";
import { getRequestContext } from "@/lib/auth/session";

const page = "/settings/api-tokens";

export async function createApiToken(input: unknown) {
  const result = await createApiTokenAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath(page);
  return result;
}

export async function revokeApiToken(input: unknown) {
  const result = await revokeApiTokenAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath(page);
  return result;
}

export async function saveOffboarding(input: unknown) {
  const result = await saveOffboardingAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath(page);
  return result;
}
