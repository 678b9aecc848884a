"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { clientAddress } from "@/lib/auth/credentials";
import { SafeError, genericErrorMessage } from "@/lib/errors";
import { publicBaseUrl, requestOrigin } from "@/lib/people/public-url";
import { completePasswordReset as complete, requestPasswordReset as request } from "@/lib/people/reset-password";
import { completePasswordResetSchema, requestPasswordResetSchema } from "@/lib/schemas/people";
import { errorFields, getLogger } from "@/lib/logging/logger";

export interface PasswordResetState {
  message?: string;
  error?: string;
  fieldErrors?: Record<string, string>;
  email?: string;
}

function fieldErrorsOf(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) {
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) fieldErrors[String(issue.path[0])] ??= issue.message;
  return fieldErrors;
}

export async function requestPasswordReset(
  _previous: PasswordResetState,
  formData: FormData,
): Promise<PasswordResetState> {
  const email = String(formData.get("email") ?? "");
  const parsed = requestPasswordResetSchema.safeParse({ email });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error.issues), email };
  const requestHeaders = await headers();
  try {
    const { message } = await request(getDb(), {
      email: parsed.data.email,
      address: clientAddress(requestHeaders),
      baseUrl: publicBaseUrl(requestOrigin(requestHeaders)),
    });
    return { message };
  } catch (error) {
    if (error instanceof SafeError) return { error: error.message, email };
    getLogger().error(errorFields(error), "password reset request failed");
    return { error: genericErrorMessage, email };
  }
}

export async function completePasswordReset(
  _previous: PasswordResetState,
  formData: FormData,
): Promise<PasswordResetState> {
  const parsed = completePasswordResetSchema.safeParse({
    token: String(formData.get("token") ?? ""),
    password: String(formData.get("password") ?? ""),
    confirmPassword: String(formData.get("confirmPassword") ?? ""),
  });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error.issues) };
  let email: string;
  try {
    ({ email } = await complete(getDb(), {
      token: parsed.data.token,
      password: parsed.data.password,
      address: clientAddress(await headers()),
    }));
  } catch (error) {
    if (error instanceof SafeError) return { error: error.message };
    getLogger().error(errorFields(error), "password reset failed");
    return { error: genericErrorMessage };
  }
  redirect(`/sign-in?notice=password-changed&email=${encodeURIComponent(email)}`);
}
