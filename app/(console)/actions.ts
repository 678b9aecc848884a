"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { signOut } from "@/lib/auth/auth";
import { getRequestContext, workspaceCookie } from "@/lib/auth/session";
import { selectWorkspace } from "@/lib/operations/workspaces";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

export async function selectWorkspaceAction(input: unknown) {
  const result = await selectWorkspace.execute(getRequestContext(), input);
  if (result.ok) {
    (await cookies()).set(workspaceCookie, result.data.workspaceId, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: process.env.NODE_ENV === "production" && process.env.BILLBRIDGE_DEMO !== "1",
    });
    revalidatePath("/", "layout");
  }
  return result;
}
