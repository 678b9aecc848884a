"use client";

import { useActionState } from "react";
import { acceptInvitation, type AcceptInvitationState } from "@/lib/server-actions/invitations";
import { FormStatus, FormSubmitButton, FormTextField } from "./form-fields";

/** A new person chooses a name and password; a person with an account only confirms. */
export function AcceptInvitationForm({ token, existingUser }: { token: string; existingUser: boolean }) {
  const [state, formAction, pending] = useActionState<AcceptInvitationState, FormData>(acceptInvitation, {});
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="existingUser" value={existingUser ? "1" : "0"} />
      <FormStatus error={state.error} />
      {existingUser ? null : (
        <>
          <FormTextField
            id="name"
            label="Your name"
            autoComplete="name"
            defaultValue={state.name}
            required
            autoFocus
            error={state.fieldErrors?.name}
          />
          <FormTextField
            id="password"
            label="Choose a password"
            type="password"
            autoComplete="new-password"
            required
            error={state.fieldErrors?.password}
            hint="At least 12 characters."
          />
        </>
      )}
      <FormSubmitButton pending={pending}>{existingUser ? "Accept and join" : "Accept and sign in"}</FormSubmitButton>
    </form>
  );
}
