"use server";

import { revalidatePath } from "next/cache";
import { previewSyncAction, setSyncSettingsAction, syncAllAction, syncNowAction } from "@/lib/actions/sync";
import { getRequestContext } from "@/lib/auth/session";

// The layout covers the mapping table and every organization's run page below it.
const connectWisePath = "/settings/integrations/connectwise";

export async function syncNow(input: unknown) {
  const result = await syncNowAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath(connectWisePath, "layout");
  return result;
}

export async function syncAll(input: unknown) {
  const result = await syncAllAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath(connectWisePath, "layout");
  return result;
}

/** The dry run: reads ConnectWise, writes nothing, so nothing to revalidate. */
export async function previewSync(input: unknown) {
  return previewSyncAction.execute(getRequestContext(), input);
}

export async function setSyncSettings(input: unknown) {
  const result = await setSyncSettingsAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath(connectWisePath, "layout");
  return result;
}
