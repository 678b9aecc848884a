import type { Database } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { findPlatformOrganization, insertOrganization, updateOrganization } from "@/db/queries/organizations";
import type { OrganizationInput } from "@/lib/schemas/platform-api";
import type { ApiActor } from "./actor";

/**
 * Creates or updates an organization of the workspace by its platform id. An organization the
 * platform deleted earlier comes back (created again, with its old mapping's sync still off).
 */
export async function putOrganization(
  db: Database,
  params: { workspaceId: string; externalId: string; input: OrganizationInput; actor: ApiActor },
): Promise<{ created: boolean }> {
  const { workspaceId, externalId, input, actor } = params;
  const existing = await findPlatformOrganization(db, { workspaceId, externalId });
  if (!existing) {
    const organization = await insertOrganization(db, { workspaceId, externalId, ...input });
    await recordAuditEvent(db, {
      workspaceId,
      actorUserId: null,
      action: "api.organization.create",
      targetType: "organization",
      targetId: organization.id,
      details: { token: actor.tokenName, tokenId: actor.tokenId, externalId, name: input.name, status: input.status },
    });
    return { created: true };
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (existing.name !== input.name) changes.name = { from: existing.name, to: input.name };
  if (existing.status !== input.status) changes.status = { from: existing.status, to: input.status };
  if (Object.keys(changes).length === 0) return { created: false };
  await updateOrganization(db, { workspaceId, organizationId: existing.id, values: input });
  const restored = existing.status === "deleted";
  await recordAuditEvent(db, {
    workspaceId,
    actorUserId: null,
    action: restored ? "api.organization.create" : "api.organization.update",
    targetType: "organization",
    targetId: existing.id,
    details: { token: actor.tokenName, tokenId: actor.tokenId, externalId, changes },
  });
  return { created: restored };
}
