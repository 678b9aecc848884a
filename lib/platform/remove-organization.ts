import type { Database } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { disableMappingOfOrganization } from "@/db/queries/mappings";
import { findPlatformOrganization, updateOrganization } from "@/db/queries/organizations";
import { findWorkspaceOffboarding } from "@/db/queries/workspaces";
import { SafeError } from "@/lib/errors";
import { cancelOwnedAdditions } from "@/lib/sync/cancel-owned-additions";
import type { ApiActor } from "./actor";

export interface RemoveOrganizationResult {
  found: boolean;
  offboarding: "cancel" | "leave" | "unmapped";
  cancelled?: number;
  error?: string | null;
}

/**
 * The platform deleted an organization: it leaves the console (kept as `deleted`, so its sync history
 * and audit trail stay readable), its sync is turned off, and a mapped organization's additions are
 * cancelled or left as the workspace's off-boarding setting says. Audited either way.
 */
export async function removeOrganization(
  db: Database,
  params: { workspaceId: string; externalId: string; actor: ApiActor },
): Promise<RemoveOrganizationResult> {
  const { workspaceId, externalId, actor } = params;
  const organization = await findPlatformOrganization(db, { workspaceId, externalId });
  if (!organization || organization.status === "deleted") return { found: false, offboarding: "unmapped" };
  await updateOrganization(db, { workspaceId, organizationId: organization.id, values: { status: "deleted" } });
  const mapping = await disableMappingOfOrganization(db, { workspaceId, organizationId: organization.id });
  let result: RemoveOrganizationResult = { found: true, offboarding: "unmapped" };
  if (mapping && mapping.cwAgreementId !== null) {
    const choice = await findWorkspaceOffboarding(db, { workspaceId });
    result = { found: true, offboarding: choice };
    if (choice === "cancel") {
      try {
        const cancelled = await cancelOwnedAdditions(db, { workspaceId, mappingId: mapping.id });
        result.cancelled = cancelled.cancelled;
        result.error = cancelled.error;
      } catch (error) {
        if (!(error instanceof SafeError)) throw error;
        // The removal stands; what could not be cancelled is in the audit event for an admin to finish.
        result.error = error.message;
      }
    }
  }
  await recordAuditEvent(db, {
    workspaceId,
    actorUserId: null,
    action: "api.organization.delete",
    targetType: "organization",
    targetId: organization.id,
    details: {
      token: actor.tokenName,
      tokenId: actor.tokenId,
      externalId,
      name: organization.name,
      offboarding: result.offboarding,
      ...(result.cancelled === undefined ? {} : { cancelled: result.cancelled }),
      ...(result.error ? { error: result.error } : {}),
    },
  });
  return result;
}
