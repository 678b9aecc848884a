import type { Database } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { insertApiToken } from "@/db/queries/api-tokens";
import { apiTokenDisplayPrefix, generateApiToken, hashApiToken } from "@/lib/platform-api/tokens";

export interface CreatedApiToken {
  id: string;
  name: string;
  scopes: ("read" | "write")[];
  /** The token itself: returned this once, never stored. */
  token: string;
}

/**
 * Creates a platform API token of the workspace and audits it. The token is returned once; only its
 * hash is kept. `creator` is the member who asked (and from which address), or null for an operator at
 * the command line.
 */
export async function createApiToken(
  db: Database,
  params: {
    workspaceId: string;
    name: string;
    scopes: ("read" | "write")[];
    creator: { userId: string; name: string; address: string | null } | null;
  },
): Promise<CreatedApiToken> {
  const token = generateApiToken();
  const scopes = (["read", "write"] as const).filter((scope) => params.scopes.includes(scope));
  const row = await insertApiToken(db, {
    workspaceId: params.workspaceId,
    name: params.name,
    tokenHash: hashApiToken(token),
    tokenPrefix: apiTokenDisplayPrefix(token),
    scopes,
    createdByUserId: params.creator?.userId ?? null,
    createdByName: params.creator?.name ?? "npm run api-token",
  });
  await recordAuditEvent(db, {
    workspaceId: params.workspaceId,
    actorUserId: params.creator?.userId ?? null,
    ipAddress: params.creator?.address ?? null,
    action: "api-tokens.create",
    targetType: "api-token",
    targetId: row.id,
    details: { name: row.name, scopes, prefix: row.tokenPrefix, ...(params.creator ? {} : { via: "cli" }) },
  });
  return { id: row.id, name: row.name, scopes, token };
}
