"use server";

import { revalidatePath } from "next/cache";
import { getRequestContext } from "@/lib/auth/session";
import { previewSync, syncAll, syncNow } from "@/lib/operations/sync";

const connectWisePath = "/settings/integrations/connectwise";

export async function syncNowAction(input: unknown) {
  const result = await syncNow.execute(getRequestContext(), input);
  if (result.ok) revalidatePath(connectWisePath, "layout");
  return result;
}

export async function syncAllAction(input: unknown) {
  const result = await syncAll.execute(getRequestContext(), input);
  if (result.ok) revalidatePath(connectWisePath, "layout");
  return result;
}

/** The dry run: reads ConnectWise, writes nothing, so nothing to revalidate. */
export async function previewSyncAction(input: unknown) {
  return previewSync.execute(getRequestContext(), input);
}
