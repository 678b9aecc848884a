"use client";

import { useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2, Send } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { reportScheduleFormSchema, splitRecipients, type ReportScheduleInput } from "@/lib/schemas/reports";
import { saveReportSchedule, sendReportNow } from "@/lib/server-actions/reports";

const selectClassName =
  "border-input focus-visible:border-ring focus-visible:ring-ring/50 h-9 rounded-md border bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px] disabled:opacity-50";

/** The monthly report email: on or off, recipients and day, plus "Send now"; read-only for other roles. */
export function ReportScheduleForm({
  enabled,
  recipients,
  dayOfMonth,
  lastCompleteMonth,
  canWrite,
}: {
  enabled: boolean;
  recipients: string[];
  dayOfMonth: number;
  lastCompleteMonth: string;
  canWrite: boolean;
}) {
  const [pending, startTransition] = useTransition();
  const form = useForm<ReportScheduleInput>({
    resolver: zodResolver(reportScheduleFormSchema),
    defaultValues: { enabled, recipients: recipients.join(", "), dayOfMonth },
  });

  const onSubmit = (values: ReportScheduleInput) =>
    startTransition(async () => {
      const input = { ...values, recipients: splitRecipients(values.recipients).join(", ") };
      const result = await saveReportSchedule(input);
      if (result.ok) {
        toast.success(
          values.enabled ? `Report email on: day ${values.dayOfMonth} of each month.` : "Report email off.",
        );
        form.reset(input);
      } else {
        toast.error(result.error);
        for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
          form.setError(field as keyof ReportScheduleInput, { message });
        }
      }
    });

  const onSendNow = () =>
    startTransition(async () => {
      const result = await sendReportNow({});
      if (result.ok) toast.success(`The ${result.data.month} report went to ${result.data.recipients.join(", ")}.`);
      else toast.error(result.error);
    });

  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4" aria-label="Monthly report email">
        <fieldset disabled={!canWrite || pending} className="grid gap-4">
          <legend className="sr-only">Monthly report email</legend>
          <FormField
            control={form.control}
            name="enabled"
            render={({ field }) => (
              <FormItem className="flex items-start gap-3">
                <FormControl>
                  <Switch checked={field.value} onCheckedChange={field.onChange} disabled={!canWrite || pending} />
                </FormControl>
                <div className="grid gap-1">
                  <FormLabel>Send the report every month</FormLabel>
                  <FormDescription>
                    The previous month&apos;s reconciliation, with every line attached as CSV.
                  </FormDescription>
                </div>
              </FormItem>
            )}
          />
          <div className="flex flex-wrap items-start gap-4">
            <FormField
              control={form.control}
              name="recipients"
              render={({ field }) => (
                <FormItem className="min-w-64 flex-1">
                  <FormLabel>Recipients</FormLabel>
                  <FormControl>
                    <Input {...field} placeholder="billing@msp.example, finance@msp.example" autoComplete="off" />
                  </FormControl>
                  <FormDescription>Up to 20 addresses, separated by commas.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="dayOfMonth"
              render={({ field }) => (
                <FormItem className="w-44">
                  <FormLabel>Day of the month</FormLabel>
                  <FormControl>
                    <select
                      className={selectClassName}
                      value={field.value}
                      onChange={(event) => field.onChange(Number(event.target.value))}
                    >
                      {Array.from({ length: 28 }, (_, index) => (
                        <option key={index + 1} value={index + 1}>
                          {index + 1}
                        </option>
                      ))}
                    </select>
                  </FormControl>
                  <FormDescription>Sent in the morning (UTC).</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
          </div>
        </fieldset>
        {canWrite ? (
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={pending || !form.formState.isDirty}>
              {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
              Save
            </Button>
            <Button
              type="button"
              variant="outline"
              onClick={onSendNow}
              disabled={pending || form.formState.isDirty || recipients.length === 0}
            >
              <Send aria-hidden />
              Send {lastCompleteMonth} now
            </Button>
          </div>
        ) : (
          <p className="text-muted-foreground text-sm">Only owners and admins can change the report email.</p>
        )}
      </form>
    </Form>
  );
}
