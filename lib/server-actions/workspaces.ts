"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { selectWorkspaceAction } from "@/lib/actions/workspaces";
import { getRequestContext, workspaceCookie } from "@/lib/auth/session";

export async function selectWorkspace(input: unknown) {
  const result = await selectWorkspaceAction.execute(getRequestContext(), input);
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
