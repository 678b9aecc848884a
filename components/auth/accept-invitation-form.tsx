"use client";

import { useActionState } from "react";
import { AlertCircle, Loader2 } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { acceptInvitation, type AcceptInvitationState } from "@/lib/server-actions/invitations";

/** A new person chooses a name and password; a person with an account only confirms. */
export function AcceptInvitationForm({ token, existingUser }: { token: string; existingUser: boolean }) {
  const [state, formAction, pending] = useActionState<AcceptInvitationState, FormData>(acceptInvitation, {});
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="existingUser" value={existingUser ? "1" : "0"} />
      <div aria-live="polite">
        {state.error ? (
          <Alert variant="destructive">
            <AlertCircle aria-hidden />
            <AlertDescription>{state.error}</AlertDescription>
          </Alert>
        ) : null}
      </div>
      {existingUser ? null : (
        <>
          <div className="grid gap-2">
            <Label htmlFor="name">Your name</Label>
            <Input
              id="name"
              name="name"
              autoComplete="name"
              defaultValue={state.name}
              required
              autoFocus
              aria-invalid={Boolean(state.fieldErrors?.name)}
              aria-describedby={state.fieldErrors?.name ? "name-error" : undefined}
            />
            {state.fieldErrors?.name ? (
              <p id="name-error" className="text-destructive text-sm">
                {state.fieldErrors.name}
              </p>
            ) : null}
          </div>
          <div className="grid gap-2">
            <Label htmlFor="password">Choose a password</Label>
            <Input
              id="password"
              name="password"
              type="password"
              autoComplete="new-password"
              required
              aria-invalid={Boolean(state.fieldErrors?.password)}
              aria-describedby={state.fieldErrors?.password ? "password-error" : "password-hint"}
            />
            {state.fieldErrors?.password ? (
              <p id="password-error" className="text-destructive text-sm">
                {state.fieldErrors.password}
              </p>
            ) : (
              <p id="password-hint" className="text-muted-foreground text-sm">
                At least 12 characters.
              </p>
            )}
          </div>
        </>
      )}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
        {existingUser ? "Accept and join" : "Accept and sign in"}
      </Button>
    </form>
  );
}
