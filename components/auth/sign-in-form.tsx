"use client";

import { useActionState } from "react";
import { signInWithPassword, type SignInState } from "@/lib/server-actions/auth";
import { FormEmailField, FormStatus, FormSubmitButton, FormTextField } from "./form-fields";

export function SignInForm({
  callbackUrl,
  initialError,
  initialEmail,
}: {
  callbackUrl: string;
  initialError?: string;
  initialEmail?: string;
}) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signInWithPassword, {
    error: initialError,
    email: initialEmail,
  });
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormStatus error={state.error} />
      <FormEmailField defaultValue={state.email} error={state.fieldErrors?.email} />
      <FormTextField
        id="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={state.fieldErrors?.password}
      />
      <FormSubmitButton pending={pending}>{pending ? "Signing in…" : "Sign in"}</FormSubmitButton>
    </form>
  );
}
