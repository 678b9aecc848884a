"use client";

import { useActionState } from "react";
import {
  completePasswordReset,
  requestPasswordReset,
  type PasswordResetState,
} from "@/lib/server-actions/password-reset";
import { FormEmailField, FormStatus, FormSubmitButton, FormTextField } from "./form-fields";

export function RequestPasswordResetForm() {
  const [state, formAction, pending] = useActionState<PasswordResetState, FormData>(requestPasswordReset, {});
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      <FormStatus error={state.error} message={state.message} />
      <FormEmailField defaultValue={state.email} error={state.fieldErrors?.email} />
      <FormSubmitButton pending={pending}>Email me a reset link</FormSubmitButton>
    </form>
  );
}

export function CompletePasswordResetForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState<PasswordResetState, FormData>(completePasswordReset, {});
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <FormStatus error={state.error} message={state.message} />
      <FormTextField
        id="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        autoFocus
        error={state.fieldErrors?.password}
      />
      <FormTextField
        id="confirmPassword"
        label="New password again"
        type="password"
        autoComplete="new-password"
        required
        error={state.fieldErrors?.confirmPassword}
      />
      <p className="text-muted-foreground text-sm">At least 12 characters. Every other session will be signed out.</p>
      <FormSubmitButton pending={pending}>Set the new password</FormSubmitButton>
    </form>
  );
}
