import { z } from "zod";
import { findMembership } from "@/db/queries/workspaces";
import { defineWorkspaceAction } from "./define-action";
import { ForbiddenError } from "@/lib/auth/context";

/**
 * Switches the workspace the caller acts in (the server action then remembers it in a cookie). Only a
 * workspace the caller is a member of can be chosen; every later request re-checks the membership.
 */
export const selectWorkspaceAction = defineWorkspaceAction({
  name: "workspaces.select",
  role: "viewer",
  schema: z.object({ workspaceId: z.uuid("Choose a workspace") }),
  run: async (context, input) => {
    const membership = await findMembership(context.db, { userId: context.user.id, workspaceId: input.workspaceId });
    if (!membership) throw new ForbiddenError("You are not a member of that workspace.");
    return { workspaceId: membership.workspaceId, workspaceName: membership.workspaceName };
  },
});
