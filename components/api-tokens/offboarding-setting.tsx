"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { saveOffboarding } from "@/lib/server-actions/api-tokens";

const choices = [
  {
    value: "cancel",
    label: "Cancel the additions Billbridge wrote",
    help: "Billing stops: their cancelled date is set to today. Additions written by hand are never touched.",
  },
  {
    value: "leave",
    label: "Leave the additions as they are",
    help: "Billing continues until someone changes the agreement in ConnectWise.",
  },
] as const;

/** What happens to a mapped organization's agreement additions when the platform deletes it. */
export function OffboardingSetting({ value, canManage }: { value: "cancel" | "leave"; canManage: boolean }) {
  const [choice, setChoice] = useState(value);
  const [pending, startTransition] = useTransition();
  return (
    <Card>
      <CardHeader>
        <CardTitle>When the platform deletes an organization</CardTitle>
        <CardDescription>
          It leaves the console and its sync stops. For a mapped organization, its agreement additions are:
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            startTransition(async () => {
              const result = await saveOffboarding({ offboardingAdditions: choice });
              if (result.ok) toast.success("Off-boarding setting saved");
              else toast.error(result.error);
            });
          }}
        >
          <fieldset className="grid gap-3" disabled={!canManage || pending}>
            <legend className="sr-only">Off-boarding of agreement additions</legend>
            {choices.map((option) => (
              <label key={option.value} className="flex items-start gap-3 text-sm">
                <input
                  type="radio"
                  name="offboardingAdditions"
                  value={option.value}
                  checked={choice === option.value}
                  onChange={() => setChoice(option.value)}
                  className="accent-primary mt-1"
                />
                <span>
                  <span className="font-medium">{option.label}</span>
                  <span className="text-muted-foreground block">{option.help}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {canManage ? (
            <div>
              <Button type="submit" disabled={pending || choice === value}>
                {pending ? "Saving…" : "Save"}
              </Button>
            </div>
          ) : (
            <p className="text-muted-foreground text-sm">Only owners and admins change this.</p>
          )}
        </form>
      </CardContent>
    </Card>
  );
}
