"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { getDb } from "@/db";
import { signIn } from "@/lib/auth/auth";
import { clientAddress } from "@/lib/auth/credentials";
import { isMicrosoftEntraEnabled } from "@/lib/env";
import { SafeError, genericErrorMessage } from "@/lib/errors";
import { acceptInvitation as accept } from "@/lib/people/accept-invitation";
import { acceptInvitationSchema } from "@/lib/schemas/people";
import { z } from "zod";
import { errorFields, getLogger } from "@/lib/logging/logger";

export interface AcceptInvitationState {
  error?: string;
  fieldErrors?: Record<string, string>;
  name?: string;
}

/**
 * The accept page's form. A new person chooses their name and password and is signed in; a person
 * with an account joins and signs in as usual.
 */
export async function acceptInvitation(
  _previous: AcceptInvitationState,
  formData: FormData,
): Promise<AcceptInvitationState> {
  const existingUser = formData.get("existingUser") === "1";
  const token = String(formData.get("token") ?? "");
  const address = clientAddress(await headers());
  let email: string;
  let password: string | null = null;
  try {
    if (existingUser) {
      ({ email } = await accept(getDb(), { token: z.string().max(200).parse(token), address }));
    } else {
      const parsed = acceptInvitationSchema.safeParse({
        token,
        name: String(formData.get("name") ?? ""),
        password: String(formData.get("password") ?? ""),
      });
      if (!parsed.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
        return { fieldErrors, name: String(formData.get("name") ?? "") };
      }
      ({ email } = await accept(getDb(), { ...parsed.data, method: "password", address }));
      password = parsed.data.password;
    }
  } catch (error) {
    if (error instanceof SafeError) return { error: error.message, fieldErrors: error.fieldErrors };
    getLogger().error(errorFields(error), "accepting an invitation failed");
    return { error: genericErrorMessage };
  }
  if (!password) redirect(`/sign-in?notice=joined&email=${encodeURIComponent(email)}`);
  try {
    await signIn("credentials", { email, password, redirectTo: "/" });
  } catch (error) {
    // signIn redirects by throwing; only a refused sign-in lands here.
    if (error instanceof AuthError) redirect(`/sign-in?notice=joined&email=${encodeURIComponent(email)}`);
    throw error;
  }
  return {};
}

/** Accepts as a new person who signs in with Microsoft Entra ID instead of a password. */
export async function acceptInvitationWithMicrosoft(formData: FormData): Promise<void> {
  if (!isMicrosoftEntraEnabled()) redirect("/sign-in");
  const token = z
    .string()
    .max(200)
    .parse(String(formData.get("token") ?? ""));
  try {
    await accept(getDb(), { token, method: "microsoft", address: clientAddress(await headers()) });
  } catch (error) {
    if (error instanceof SafeError) redirect(`/invitations/${encodeURIComponent(token)}`);
    throw error;
  }
  await signIn("microsoft-entra-id", { redirectTo: "/" });
}
