import type { ComponentProps, ReactNode } from "react";
import { AlertCircle, Loader2 } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** The form's error (and, after success, its message), announced to screen readers when it changes. */
export function FormStatus({ error, message }: { error?: string; message?: string }) {
  return (
    <div aria-live="polite">
      {error ? (
        <Alert variant="destructive">
          <AlertCircle aria-hidden />
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
      {message ? (
        <p role="status" className="bg-muted rounded-md p-3 text-sm">
          {message}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A labelled input of the sign-in, invitation and password forms: its error under it (and tied to it
 * with aria-describedby), or its hint while there is no error.
 */
export function FormTextField({
  id,
  label,
  error,
  hint,
  ...input
}: Omit<ComponentProps<typeof Input>, "id" | "name" | "aria-invalid" | "aria-describedby"> & {
  id: string;
  label: string;
  error?: string;
  hint?: string;
}) {
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        name={id}
        {...input}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
      />
      {error ? (
        <p id={`${id}-error`} className="text-destructive text-sm">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-muted-foreground text-sm">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** The account's email, first in the sign-in and reset-request forms (autofilled as the username). */
export function FormEmailField({ defaultValue, error }: { defaultValue?: string; error?: string }) {
  return (
    <FormTextField
      id="email"
      label="Email"
      type="email"
      autoComplete="username"
      defaultValue={defaultValue}
      required
      autoFocus
      error={error}
    />
  );
}

/** The full-width submit button, spinning and disabled while the action runs. */
export function FormSubmitButton({ pending, children }: { pending: boolean; children: ReactNode }) {
  return (
    <Button type="submit" disabled={pending} className="w-full">
      {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
      {children}
    </Button>
  );
}
