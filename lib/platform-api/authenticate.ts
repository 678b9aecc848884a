import type { Database } from "@/db";
import { findApiTokenByHash, updateApiTokenLastUsed } from "@/db/queries/api-tokens";
import { ProblemError } from "./problem";
import { hashApiToken } from "./tokens";

export type ApiScope = "read" | "write";

export interface ApiCaller {
  token: { id: string; name: string; scopes: ApiScope[] };
  workspace: { id: string; name: string; slug: string };
}

/**
 * The caller of a platform API request from its `Authorization: Bearer` header: 401 when the token
 * is missing, unknown or revoked, 403 when it lacks the scope the request needs.
 */
export async function authenticateApiRequest(db: Database, request: Request, scope: ApiScope): Promise<ApiCaller> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const unauthorized = (detail: string) =>
    new ProblemError(401, detail, undefined, { "www-authenticate": 'Bearer realm="billbridge"' });
  if (!match) throw unauthorized("Send an API token in the Authorization header: `Authorization: Bearer <token>`.");
  const found = await findApiTokenByHash(db, { tokenHash: hashApiToken(match[1]!) });
  if (!found) throw unauthorized("The API token is not valid.");
  if (found.revokedAt) throw unauthorized("The API token was revoked.");
  if (!found.scopes.includes(scope))
    throw new ProblemError(403, `The API token lacks the "${scope}" scope this request needs.`);
  await updateApiTokenLastUsed(db, { workspaceId: found.workspace.id, tokenId: found.id });
  return { token: { id: found.id, name: found.name, scopes: found.scopes }, workspace: found.workspace };
}
