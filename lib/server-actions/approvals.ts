"use server";

import { revalidatePath } from "next/cache";
import { decideHeldChangesAction, setApprovalPolicyAction } from "@/lib/actions/approvals";
import { getRequestContext } from "@/lib/auth/session";

export async function setApprovalPolicy(input: unknown) {
  const result = await setApprovalPolicyAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath("/approvals");
  return result;
}

export async function decideHeldChanges(input: unknown) {
  const result = await decideHeldChangesAction.execute(getRequestContext(), input);
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
