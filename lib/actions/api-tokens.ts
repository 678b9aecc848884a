import { recordActionAuditEvent } from "@/lib/audit/record-action-event";
import { revokeApiToken } from "@/db/queries/api-tokens";
import { updateWorkspaceOffboarding } from "@/db/queries/workspaces";
import { defineWorkspaceAction } from "@/lib/actions/define-action";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { SafeError } from "@/lib/errors";
import { createApiTokenSchema, offboardingSchema, revokeApiTokenSchema } from "@/lib/schemas/platform-api";

/** Settings › API tokens: a new token, shown once in the result. */
export const createApiTokenAction = defineWorkspaceAction({
  name: "apiTokens.create",
  role: "admin",
  schema: createApiTokenSchema,
  run: async (context, input) =>
    createApiToken(context.db, {
      workspaceId: context.workspace.id,
      name: input.name,
      scopes: input.scopes,
      creator: {
        userId: context.user.id,
        name: context.user.name ?? context.user.email,
        address: context.address ?? null,
      },
    }),
});

/** Revokes a token of the caller's workspace at once: its next request is 401. */
export const revokeApiTokenAction = defineWorkspaceAction({
  name: "apiTokens.revoke",
  role: "admin",
  schema: revokeApiTokenSchema,
  run: async (context, input) => {
    const revoked = await revokeApiToken(context.db, { workspaceId: context.workspace.id, tokenId: input.tokenId });
    if (!revoked) throw new SafeError("That token was not found, or it is already revoked.", "not-found");
    await recordActionAuditEvent(context, {
      action: "api-tokens.revoke",
      targetType: "api-token",
      targetId: revoked.id,
      details: { name: revoked.name },
    });
    return { id: revoked.id };
  },
});

/** What happens to a mapped organization's additions when the platform deletes the organization. */
export const saveOffboardingAction = defineWorkspaceAction({
  name: "platformApi.saveOffboarding",
  role: "admin",
  schema: offboardingSchema,
  run: async (context, input) => {
    await updateWorkspaceOffboarding(context.db, {
      workspaceId: context.workspace.id,
      offboardingAdditions: input.offboardingAdditions,
    });
    await recordActionAuditEvent(context, {
      action: "workspace.offboarding",
      targetType: "workspace",
      targetId: context.workspace.id,
      details: { offboardingAdditions: input.offboardingAdditions },
    });
    return input;
  },
});

export const apiTokenActions = [createApiTokenAction, revokeApiTokenAction, saveOffboardingAction] as const;
