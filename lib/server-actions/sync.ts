"use server";

import { revalidatePath } from "next/cache";
import { getRequestContext } from "@/lib/auth/session";
import { syncAll as syncAllAction } from "@/lib/operations/sync";

/** "Sync all" on the mapping table: queues a run of every organization with sync on (admins). */
export async function syncAll() {
  const result = await syncAllAction.execute(getRequestContext(), {});
  if (result.ok) revalidatePath("/settings/integrations/connectwise");
  return result;
}
