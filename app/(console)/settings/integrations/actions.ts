"use server";

import { revalidatePath } from "next/cache";
import { getRequestContext } from "@/lib/auth/session";
import {
  applyConnectWise,
  checkConnectWise,
  disconnectConnectWise,
  recheckConnectWise,
} from "@/lib/operations/connectwise";

function refreshIntegrationPages() {
  revalidatePath("/settings/integrations");
  revalidatePath("/settings/integrations/connectwise");
}

export async function checkConnectWiseAction(input: unknown) {
  return checkConnectWise.execute(getRequestContext(), input);
}

export async function applyConnectWiseAction(input: unknown) {
  const result = await applyConnectWise.execute(getRequestContext(), input);
  if (result.ok) refreshIntegrationPages();
  return result;
}

export async function disconnectConnectWiseAction(input: unknown) {
  const result = await disconnectConnectWise.execute(getRequestContext(), input);
  if (result.ok) refreshIntegrationPages();
  return result;
}

export async function recheckConnectWiseAction() {
  const result = await recheckConnectWise.execute(getRequestContext(), {});
  refreshIntegrationPages();
  return result;
}
