import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/actions/define-action";
import type { WorkspaceContext } from "@/lib/auth/context";
import { getRequestContext } from "@/lib/auth/session";

/** A page to refresh after an action: its path, or its path and everything under its layout. */
export type RefreshTarget = string | { path: string; type: "layout" };

/**
 * What every `"use server"` wrapper does: runs the workspace action with the request's context and
 * then refreshes the pages that show what it changed — after a success, or `always` (an action whose
 * failure is itself news to those pages, like a failed test event or a re-check).
 */
export async function runWorkspaceAction<Data>(
  action: { execute(context: Promise<WorkspaceContext>, input: unknown): Promise<ActionResult<Data>> },
  input: unknown,
  refresh: RefreshTarget[] = [],
  options: { always?: boolean } = {},
): Promise<ActionResult<Data>> {
  const result = await action.execute(getRequestContext(), input);
  if (result.ok || options.always) {
    for (const target of refresh) {
      if (typeof target === "string") revalidatePath(target);
      else revalidatePath(target.path, target.type);
    }
  }
  return result;
}
