"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { syncSettingsSchema } from "@/lib/schemas/sync";
import { setSyncSettings } from "@/lib/server-actions/sync";

type Values = z.input<typeof syncSettingsSchema>;

/** The verify interval: how often an organization whose usage did not change is still read from ConnectWise. */
export function SyncSettingsForm({
  verifyIntervalHours,
  canWrite,
}: {
  verifyIntervalHours: number;
  canWrite: boolean;
}) {
  const form = useForm<Values>({
    resolver: zodResolver(syncSettingsSchema),
    defaultValues: { verifyIntervalHours },
  });
  const error = form.formState.errors.verifyIntervalHours?.message ?? form.formState.errors.root?.message;

  async function submit(values: Values) {
    const result = await setSyncSettings(values);
    if (result.ok) {
      toast.success(result.data.message);
      form.reset({ verifyIntervalHours: result.data.verifyIntervalHours });
    } else form.setError("root", { message: result.error });
  }

  return (
    <form onSubmit={form.handleSubmit(submit)} className="grid gap-4 sm:max-w-md" noValidate>
      <div className="grid gap-2">
        <Label htmlFor="sync-verify-interval">Read unchanged organizations every (hours)</Label>
        <Input
          id="sync-verify-interval"
          type="number"
          inputMode="numeric"
          min={1}
          max={168}
          step={1}
          disabled={!canWrite || form.formState.isSubmitting}
          aria-invalid={error ? true : undefined}
          aria-describedby="sync-verify-interval-help"
          {...form.register("verifyIntervalHours")}
        />
        <p id="sync-verify-interval-help" className="text-muted-foreground text-sm">
          Between 1 and 168. Hand edits in ConnectWise are corrected within this time. Any sync that reads an
          organization&apos;s agreement (for a usage change, Sync now or Sync all) counts as its read.
        </p>
      </div>
      {error ? (
        <p className="text-destructive text-sm" role="alert">
          {error}
        </p>
      ) : null}
      {canWrite ? (
        <div>
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? <Loader2 className="animate-spin" aria-hidden /> : null}
            Save
          </Button>
        </div>
      ) : (
        <p className="text-muted-foreground text-sm">An owner or admin can change this.</p>
      )}
    </form>
  );
}
