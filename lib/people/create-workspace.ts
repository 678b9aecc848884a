import type { Database } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { insertWorkspace } from "@/db/queries/workspaces";
import { SafeError } from "@/lib/errors";
import { invitePerson, type InvitationOutcome } from "./invite-person";

/**
 * Onboards an MSP: creates its workspace and an owner invitation for `ownerEmail` (mailed when SMTP
 * is configured). Used by `npm run workspace -- create` and `POST /api/v1/workspaces`.
 */
export async function createWorkspace(
  db: Database,
  params: {
    name: string;
    slug: string;
    ownerEmail: string;
    baseUrl: string;
    /** Who asked: "command line" or "platform API". */
    via: "command-line" | "platform-api";
    address: string | null;
  },
): Promise<{ workspace: { id: string; name: string; slug: string; createdAt: Date }; invitation: InvitationOutcome }> {
  const workspace = await insertWorkspace(db, { name: params.name, slug: params.slug });
  if (!workspace) {
    throw new SafeError(`A workspace with the slug "${params.slug}" already exists.`, "conflict", {
      slug: "Already taken",
    });
  }
  await recordAuditEvent(db, {
    workspaceId: workspace.id,
    actorUserId: null,
    action: "workspace.created",
    targetType: "workspace",
    targetId: workspace.id,
    ipAddress: params.address,
    details: { name: workspace.name, slug: workspace.slug, ownerEmail: params.ownerEmail, via: params.via },
  });
  const invitation = await invitePerson(db, {
    workspace,
    email: params.ownerEmail,
    role: "owner",
    inviter: { userId: null, description: "Your Billbridge provider", address: params.address },
    baseUrl: params.baseUrl,
  });
  return {
    workspace: { id: workspace.id, name: workspace.name, slug: workspace.slug, createdAt: workspace.createdAt },
    invitation,
  };
}
