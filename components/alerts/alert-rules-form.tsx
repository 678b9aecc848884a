"use client";

import { useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import type { AlertRuleSettings } from "@/db/schema";
import { alertRuleCatalog } from "@/lib/alerts/alert-rules";
import { alertSettingsSchema, type AlertSettingsInput } from "@/lib/schemas/alerts";
import { saveAlertSettings } from "@/lib/server-actions/alerts";

const selectClassName =
  "border-input focus-visible:border-ring focus-visible:ring-ring/50 h-9 rounded-md border bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px] disabled:opacity-50";

/** The rules (on/off and thresholds) and the daily digest; read-only for viewers. */
export function AlertRulesForm({
  rules,
  digestEnabled,
  digestHourUtc,
  canWrite,
}: {
  rules: AlertRuleSettings;
  digestEnabled: boolean;
  digestHourUtc: number;
  canWrite: boolean;
}) {
  const [pending, startTransition] = useTransition();
  const form = useForm<AlertSettingsInput>({
    resolver: zodResolver(alertSettingsSchema),
    defaultValues: { rules, digestEnabled, digestHourUtc } as AlertSettingsInput,
  });

  const onSubmit = (values: AlertSettingsInput) =>
    startTransition(async () => {
      const result = await saveAlertSettings(values);
      if (result.ok) {
        toast.success("Alert rules saved.");
        form.reset(values);
      } else {
        toast.error(result.error);
        for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
          form.setError(field as keyof AlertSettingsInput, { message });
        }
      }
    });

  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4" aria-label="Alert rules">
        <fieldset disabled={!canWrite || pending} className="grid gap-3">
          <legend className="sr-only">Rules</legend>
          {alertRuleCatalog.map((entry) => (
            <div key={entry.kind} className="flex flex-wrap items-start gap-4 rounded-md border p-3">
              <FormField
                control={form.control}
                name={`rules.${entry.kind}.enabled`}
                render={({ field }) => (
                  <FormItem className="flex min-w-64 flex-1 items-start gap-3">
                    <FormControl>
                      <Switch checked={field.value} onCheckedChange={field.onChange} disabled={!canWrite || pending} />
                    </FormControl>
                    <div className="grid gap-1">
                      <FormLabel>{entry.label}</FormLabel>
                      <FormDescription>{entry.description}</FormDescription>
                    </div>
                  </FormItem>
                )}
              />
              {entry.threshold ? (
                <FormField
                  control={form.control}
                  name={`rules.${entry.kind}.threshold`}
                  render={({ field }) => (
                    <FormItem className="w-40">
                      <FormLabel>{entry.threshold!.unit === "runs" ? "Failed runs in a row" : "Hours"}</FormLabel>
                      <FormControl>
                        <Input
                          type="number"
                          inputMode="numeric"
                          min={entry.threshold!.min}
                          max={entry.threshold!.max}
                          value={field.value ?? ""}
                          onChange={(event) =>
                            field.onChange(event.target.value === "" ? null : Number(event.target.value))
                          }
                        />
                      </FormControl>
                      <FormMessage />
                    </FormItem>
                  )}
                />
              ) : null}
            </div>
          ))}
          <div className="flex flex-wrap items-start gap-4 rounded-md border p-3">
            <FormField
              control={form.control}
              name="digestEnabled"
              render={({ field }) => (
                <FormItem className="flex min-w-64 flex-1 items-start gap-3">
                  <FormControl>
                    <Switch checked={field.value} onCheckedChange={field.onChange} disabled={!canWrite || pending} />
                  </FormControl>
                  <div className="grid gap-1">
                    <FormLabel>Daily digest</FormLabel>
                    <FormDescription>
                      Once a day: open alerts, changes waiting for approval, and the drift corrected and failed runs of
                      the last 24 hours.
                    </FormDescription>
                  </div>
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="digestHourUtc"
              render={({ field }) => (
                <FormItem className="w-40">
                  <FormLabel>Sent at (UTC)</FormLabel>
                  <FormControl>
                    <select
                      className={selectClassName}
                      value={field.value}
                      onChange={(event) => field.onChange(Number(event.target.value))}
                    >
                      {Array.from({ length: 24 }, (_, hour) => (
                        <option key={hour} value={hour}>
                          {String(hour).padStart(2, "0")}:00
                        </option>
                      ))}
                    </select>
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
          </div>
        </fieldset>
        {canWrite ? (
          <div>
            <Button type="submit" disabled={pending || !form.formState.isDirty}>
              {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
              Save rules
            </Button>
          </div>
        ) : (
          <p className="text-muted-foreground text-sm">Only owners and admins can change alert rules.</p>
        )}
      </form>
    </Form>
  );
}
