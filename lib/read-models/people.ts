import type { WorkspaceContext } from "@/lib/auth/context";
import { listPeopleAction } from "@/lib/actions/people";
import { membershipRoles } from "@/lib/auth/roles";
import { isMailConfigured } from "@/lib/mail";
import { SafeError } from "@/lib/errors";

/** The People page: members, pending invitations, and which roles the viewer may hand out. */
export async function getPeoplePage(context: WorkspaceContext) {
  const result = await listPeopleAction.execute(context, {});
  if (!result.ok) throw new SafeError(result.error, result.code);
  return {
    members: result.data.members.map((member) => ({
      ...member,
      lastSignInAt: member.lastSignInAt?.toISOString() ?? null,
    })),
    invitations: result.data.invitations.map((invitation) => ({
      ...invitation,
      sentAt: invitation.sentAt.toISOString(),
      expiresAt: invitation.expiresAt.toISOString(),
    })),
    assignableRoles: membershipRoles.filter((role) => role !== "owner" || context.role === "owner"),
    mailConfigured: isMailConfigured(),
    now: new Date().toISOString(),
  };
}
