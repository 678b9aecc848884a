"use server";

import { revalidatePath } from "next/cache";
import { getRequestContext } from "@/lib/auth/session";
import { snapshotUsageNow } from "@/lib/operations/usage";

export async function snapshotUsageAction() {
  const result = await snapshotUsageNow.execute(getRequestContext(), {});
  if (result.ok) revalidatePath("/organizations");
  return result;
}
