"use client";

import { useActionState } from "react";
import { AlertCircle, Loader2 } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import {
  completePasswordReset,
  requestPasswordReset,
  type PasswordResetState,
} from "@/lib/server-actions/password-reset";

function FormAlert({ state }: { state: PasswordResetState }) {
  return (
    <div aria-live="polite">
      {state.error ? (
        <Alert variant="destructive">
          <AlertCircle aria-hidden />
          <AlertDescription>{state.error}</AlertDescription>
        </Alert>
      ) : null}
      {state.message ? (
        <p role="status" className="bg-muted rounded-md p-3 text-sm">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}

export function RequestPasswordResetForm() {
  const [state, formAction, pending] = useActionState<PasswordResetState, FormData>(requestPasswordReset, {});
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      <FormAlert state={state} />
      <div className="grid gap-2">
        <Label htmlFor="email">Email</Label>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          defaultValue={state.email}
          required
          autoFocus
          aria-invalid={Boolean(state.fieldErrors?.email)}
          aria-describedby={state.fieldErrors?.email ? "email-error" : undefined}
        />
        {state.fieldErrors?.email ? (
          <p id="email-error" className="text-destructive text-sm">
            {state.fieldErrors.email}
          </p>
        ) : null}
      </div>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
        Email me a reset link
      </Button>
    </form>
  );
}

export function CompletePasswordResetForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState<PasswordResetState, FormData>(completePasswordReset, {});
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <FormAlert state={state} />
      {(["password", "confirmPassword"] as const).map((field) => (
        <div key={field} className="grid gap-2">
          <Label htmlFor={field}>{field === "password" ? "New password" : "New password again"}</Label>
          <Input
            id={field}
            name={field}
            type="password"
            autoComplete="new-password"
            required
            autoFocus={field === "password"}
            aria-invalid={Boolean(state.fieldErrors?.[field])}
            aria-describedby={state.fieldErrors?.[field] ? `${field}-error` : undefined}
          />
          {state.fieldErrors?.[field] ? (
            <p id={`${field}-error`} className="text-destructive text-sm">
              {state.fieldErrors[field]}
            </p>
          ) : null}
        </div>
      ))}
      <p className="text-muted-foreground text-sm">At least 12 characters. Every other session will be signed out.</p>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
        Set the new password
      </Button>
    </form>
  );
}
