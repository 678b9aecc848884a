import type { Database } from "@/db";
import { findUserByEmail, listMembershipsOfUser } from "@/db/queries/workspaces";
import { entraTenantOfIssuer } from "./entra-tenant";

/** Where a refused single sign-on lands: the sign-in page, with the reason it shows. */
export type SingleSignOnVerdict = true | "/sign-in?error=NotInvited" | "/sign-in?error=WrongTenant";

/**
 * Admits a Microsoft Entra ID sign-in only from the configured tenant (the ID token's `tid` and `iss`),
 * and only for an email that already belongs to a workspace member: the account is linked by that
 * email, so another tenant, where anyone may hold any address, must never get that far.
 */
export async function admitSingleSignOn(
  db: Database,
  params: { issuer: string; profile: Record<string, unknown> | undefined; email: string | null | undefined },
): Promise<SingleSignOnVerdict> {
  const tenant = entraTenantOfIssuer(params.issuer);
  const tokenTenant = typeof params.profile?.tid === "string" ? params.profile.tid.toLowerCase() : null;
  const tokenIssuer = typeof params.profile?.iss === "string" ? params.profile.iss.replace(/\/$/, "") : null;
  if (!tenant || tokenTenant !== tenant || tokenIssuer !== params.issuer.trim().replace(/\/$/, "")) {
    return "/sign-in?error=WrongTenant";
  }
  const existing = params.email ? await findUserByEmail(db, { email: params.email }) : null;
  if (!existing) return "/sign-in?error=NotInvited";
  const memberships = await listMembershipsOfUser(db, { userId: existing.id });
  return memberships.length > 0 ? true : "/sign-in?error=NotInvited";
}
