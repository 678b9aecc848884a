"use server";

import { revalidatePath } from "next/cache";
import { snapshotUsageAction } from "@/lib/actions/usage";
import { getRequestContext } from "@/lib/auth/session";

export async function snapshotUsage() {
  const result = await snapshotUsageAction.execute(getRequestContext(), {});
  if (result.ok) revalidatePath("/organizations");
  return result;
}
