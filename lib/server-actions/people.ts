"use server";

import {
  changeRoleAction,
  invitePersonAction,
  removeMemberAction,
  resendInvitationAction,
  revokeInvitationAction,
} from "@/lib/actions/people";
import { runWorkspaceAction } from "./run-workspace-action";

const peoplePath = "/settings/people";

export async function invitePerson(input: unknown) {
  return runWorkspaceAction(invitePersonAction, input, [peoplePath]);
}

export async function resendInvitation(input: unknown) {
  return runWorkspaceAction(resendInvitationAction, input, [peoplePath]);
}

export async function revokeInvitation(input: unknown) {
  return runWorkspaceAction(revokeInvitationAction, input, [peoplePath]);
}

export async function changeRole(input: unknown) {
  return runWorkspaceAction(changeRoleAction, input, [peoplePath]);
}

export async function removeMember(input: unknown) {
  return runWorkspaceAction(removeMemberAction, input, [peoplePath]);
}
