import { z } from "zod";
import { findPendingInvitation, listPendingInvitations } from "@/db/queries/invitations";
import { listMembers } from "@/db/queries/members";
import { defineWorkspaceAction } from "@/lib/actions/define-action";
import { ForbiddenError, type WorkspaceContext } from "@/lib/auth/context";
import { changeMemberRole, removeMember } from "@/lib/people/change-membership";
import { invitePerson, resendInvitation, revokeInvitation } from "@/lib/people/invite-person";
import { publicBaseUrl } from "@/lib/people/public-url";
import { changeRoleSchema, invitationIdSchema, invitePersonSchema, removeMemberSchema } from "@/lib/schemas/people";

function inviterOf(context: WorkspaceContext) {
  const who = context.user.name ? `${context.user.name} (${context.user.email})` : context.user.email;
  return { userId: context.user.id, description: who, address: context.address ?? null };
}

function actorOf(context: WorkspaceContext) {
  return { userId: context.user.id, role: context.role, address: context.address ?? null };
}

/** The People page's data: members with role and last sign-in, and pending invitations. */
export const listPeopleAction = defineWorkspaceAction({
  name: "people.list",
  role: "admin",
  schema: z.object({}).strict(),
  run: async (context) => ({
    members: await listMembers(context.db, { workspaceId: context.workspace.id }),
    invitations: await listPendingInvitations(context.db, { workspaceId: context.workspace.id }),
  }),
});

/** Invites an email address with a role; only an owner may invite an owner. */
export const invitePersonAction = defineWorkspaceAction({
  name: "people.invite",
  role: "admin",
  schema: invitePersonSchema,
  run: async (context, input) => {
    if (input.role === "owner" && context.role !== "owner")
      throw new ForbiddenError("Only an owner can invite an owner.");
    const outcome = await invitePerson(context.db, {
      workspace: context.workspace,
      email: input.email,
      role: input.role,
      inviter: inviterOf(context),
      baseUrl: context.baseUrl ?? publicBaseUrl(),
    });
    // The link goes back to the inviter only when no mail carried it.
    return { ...outcome, link: outcome.mailSent ? null : outcome.link };
  },
});

export const resendInvitationAction = defineWorkspaceAction({
  name: "people.resendInvitation",
  role: "admin",
  schema: invitationIdSchema,
  run: async (context, input) => {
    const pending = await findPendingInvitation(context.db, {
      workspaceId: context.workspace.id,
      invitationId: input.invitationId,
    });
    if (pending?.role === "owner" && context.role !== "owner") {
      throw new ForbiddenError("Only an owner can resend an owner's invitation.");
    }
    const outcome = await resendInvitation(context.db, {
      workspace: context.workspace,
      invitationId: input.invitationId,
      inviter: inviterOf(context),
      baseUrl: context.baseUrl ?? publicBaseUrl(),
    });
    return { ...outcome, link: outcome.mailSent ? null : outcome.link };
  },
});

export const revokeInvitationAction = defineWorkspaceAction({
  name: "people.revokeInvitation",
  role: "admin",
  schema: invitationIdSchema,
  run: (context, input) =>
    revokeInvitation(context.db, {
      workspaceId: context.workspace.id,
      invitationId: input.invitationId,
      actorUserId: context.user.id,
      address: context.address ?? null,
    }),
});

export const changeRoleAction = defineWorkspaceAction({
  name: "people.changeRole",
  role: "admin",
  schema: changeRoleSchema,
  run: (context, input) =>
    changeMemberRole(context.db, {
      workspaceId: context.workspace.id,
      actor: actorOf(context),
      userId: input.userId,
      role: input.role,
    }),
});

export const removeMemberAction = defineWorkspaceAction({
  name: "people.removeMember",
  role: "admin",
  schema: removeMemberSchema,
  run: (context, input) =>
    removeMember(context.db, { workspaceId: context.workspace.id, actor: actorOf(context), userId: input.userId }),
});

export const peopleActions = [
  listPeopleAction,
  invitePersonAction,
  resendInvitationAction,
  revokeInvitationAction,
  changeRoleAction,
  removeMemberAction,
] as const;
