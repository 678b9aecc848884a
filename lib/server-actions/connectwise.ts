"use server";

import { revalidatePath } from "next/cache";
import {
  applyConnectWiseAction,
  checkConnectWiseAction,
  disconnectConnectWiseAction,
  recheckConnectWiseAction,
} from "@/lib/actions/connectwise";
import { getRequestContext } from "@/lib/auth/session";

function refreshIntegrationPages() {
  revalidatePath("/settings/integrations");
  revalidatePath("/settings/integrations/connectwise");
}

export async function checkConnectWise(input: unknown) {
  return checkConnectWiseAction.execute(getRequestContext(), input);
}

export async function applyConnectWise(input: unknown) {
  const result = await applyConnectWiseAction.execute(getRequestContext(), input);
  if (result.ok) refreshIntegrationPages();
  return result;
}

export async function disconnectConnectWise(input: unknown) {
  const result = await disconnectConnectWiseAction.execute(getRequestContext(), input);
  if (result.ok) refreshIntegrationPages();
  return result;
}

export async function recheckConnectWise() {
  const result = await recheckConnectWiseAction.execute(getRequestContext(), {});
  refreshIntegrationPages();
  return result;
}
