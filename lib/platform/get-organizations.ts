import type { Database } from "@/db";
import { findPlatformOrganization, listPlatformOrganizations, listUsageBySku } from "@/db/queries/organizations";
import type { OrganizationBody } from "@/lib/schemas/platform-api";
import { presentOrganization } from "./present";

/** One organization as the platform API shows it, or null when it is not in the workspace (or was deleted). */
export async function getOrganization(
  db: Database,
  params: { workspaceId: string; externalId: string },
): Promise<OrganizationBody | null> {
  const organization = await findPlatformOrganization(db, params);
  if (!organization || organization.status === "deleted") return null;
  const usage = await listUsageBySku(db, { workspaceId: params.workspaceId, organizationIds: [organization.id] });
  return presentOrganization(organization, usage.get(organization.id) ?? {});
}

function encodeCursor(externalId: string): string {
  return Buffer.from(externalId, "utf8").toString("base64url");
}

function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  return Buffer.from(cursor, "base64url").toString("utf8");
}

/** A page of organizations in external id order; `nextCursor` continues after its last one. */
export async function getOrganizationPage(
  db: Database,
  params: { workspaceId: string; limit: number; cursor?: string },
): Promise<{ organizations: OrganizationBody[]; nextCursor: string | null }> {
  const rows = await listPlatformOrganizations(db, {
    workspaceId: params.workspaceId,
    afterExternalId: decodeCursor(params.cursor),
    limit: params.limit + 1,
  });
  const page = rows.slice(0, params.limit);
  const usage = await listUsageBySku(db, {
    workspaceId: params.workspaceId,
    organizationIds: page.map((row) => row.id),
  });
  return {
    organizations: page.map((row) => presentOrganization(row, usage.get(row.id) ?? {})),
    nextCursor: rows.length > params.limit ? encodeCursor(page[page.length - 1]!.externalId) : null,
  };
}
