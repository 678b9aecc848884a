import { listApiTokens } from "@/db/queries/api-tokens";
import { findWorkspaceOffboarding } from "@/db/queries/workspaces";
import type { WorkspaceContext } from "@/lib/auth/context";
import { roleAllows } from "@/lib/auth/roles";

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: ("read" | "write")[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiTokenSettings {
  tokens: ApiTokenView[];
  offboardingAdditions: "cancel" | "leave";
  canManage: boolean;
}

/** Settings › API tokens: the workspace's tokens (never their hashes) and the off-boarding choice. */
export async function getApiTokenSettings(context: WorkspaceContext): Promise<ApiTokenSettings> {
  const workspaceId = context.workspace.id;
  const [tokens, offboardingAdditions] = await Promise.all([
    listApiTokens(context.db, { workspaceId }),
    findWorkspaceOffboarding(context.db, { workspaceId }),
  ]);
  return {
    tokens: tokens.map((token) => ({
      id: token.id,
      name: token.name,
      prefix: token.tokenPrefix,
      scopes: token.scopes,
      createdBy: token.createdByName,
      createdAt: token.createdAt.toISOString(),
      lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
      revokedAt: token.revokedAt?.toISOString() ?? null,
    })),
    offboardingAdditions,
    canManage: roleAllows(context.role, "admin"),
  };
}
