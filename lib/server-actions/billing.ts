"use server";

import { revalidatePath } from "next/cache";
import { setBillingPolicyAction, setMappingBillingPolicyAction } from "@/lib/actions/billing";
import { getRequestContext } from "@/lib/auth/session";

export async function setBillingPolicy(input: unknown) {
  const result = await setBillingPolicyAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath("/settings/integrations/connectwise", "layout");
  return result;
}

export async function setMappingBillingPolicy(input: unknown) {
  const result = await setMappingBillingPolicyAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath("/settings/integrations/connectwise", "layout");
  return result;
}
