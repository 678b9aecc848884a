"use server";

import { revalidatePath } from "next/cache";
import { getRequestContext } from "@/lib/auth/session";
import {
  changeRoleAction,
  invitePersonAction,
  removeMemberAction,
  resendInvitationAction,
  revokeInvitationAction,
} from "@/lib/actions/people";

const peoplePath = "/settings/people";

async function run<T extends { ok: boolean }>(result: Promise<T>): Promise<T> {
  const outcome = await result;
  if (outcome.ok) revalidatePath(peoplePath);
  return outcome;
}

export async function invitePerson(input: unknown) {
  return run(invitePersonAction.execute(getRequestContext(), input));
}

export async function resendInvitation(input: unknown) {
  return run(resendInvitationAction.execute(getRequestContext(), input));
}

export async function revokeInvitation(input: unknown) {
  return run(revokeInvitationAction.execute(getRequestContext(), input));
}

export async function changeRole(input: unknown) {
  return run(changeRoleAction.execute(getRequestContext(), input));
}

export async function removeMember(input: unknown) {
  return run(removeMemberAction.execute(getRequestContext(), input));
}
