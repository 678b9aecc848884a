"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn, signOut as signOutOfSession } from "@/lib/auth/auth";
import { signInSchema } from "@/lib/auth/credentials";
import { describeThrottle } from "@/lib/auth/throttle";

export interface SignInState {
  error?: string;
  fieldErrors?: { email?: string; password?: string };
  email?: string;
}

export async function signInWithPassword(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const input = { email: String(formData.get("email") ?? ""), password: String(formData.get("password") ?? "") };
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: SignInState["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as "email" | "password";
      fieldErrors[field] ??= issue.message;
    }
    return { fieldErrors, email: input.email };
  }
  const callbackUrl = String(formData.get("callbackUrl") ?? "/");
  try {
    await signIn("credentials", {
      ...parsed.data,
      redirectTo: callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/",
    });
    return {};
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      return {
        email: input.email,
        error: describeRefusal(error.code),
      };
    }
    if (error instanceof AuthError) return { email: input.email, error: "Sign-in failed. Try again." };
    throw error;
  }
}

export async function signInWithMicrosoft(): Promise<void> {
  await signIn("microsoft-entra-id", { redirectTo: "/" });
}

export async function signOut(): Promise<void> {
  await signOutOfSession({ redirectTo: "/sign-in" });
}

function describeRefusal(code: string): string {
  const [kind, scope, seconds] = code.split(":");
  if (kind !== "throttled") return "That email and password don't match an account.";
  return describeThrottle({
    blocked: true,
    scope: scope === "address" ? "address" : "account",
    retryAfterSeconds: Number(seconds) || 900,
  });
}
