"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { PolicyFormFooter } from "@/components/console/policy-form-footer";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { setApprovalPolicy } from "@/lib/server-actions/approvals";

interface Policy {
  holdDecreases: boolean;
  holdIncreasesAbovePercent: number | null;
  holdNewLines: boolean;
  holdCancellations: boolean;
}

/** Which changes wait for approval; every switch off applies every change at once. */
export function ApprovalPolicyForm({ policy, canWrite }: { policy: Policy; canWrite: boolean }) {
  const [values, setValues] = useState(policy);
  const [percent, setPercent] = useState(policy.holdIncreasesAbovePercent?.toString() ?? "");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const switches: Array<[keyof Omit<Policy, "holdIncreasesAbovePercent">, string]> = [
    ["holdDecreases", "Hold decreases"],
    ["holdNewLines", "Hold new product lines"],
    ["holdCancellations", "Hold cancellations"],
  ];

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    const trimmed = percent.trim();
    const threshold = trimmed === "" ? null : Number(trimmed);
    if (threshold !== null && (!Number.isInteger(threshold) || threshold < 0)) {
      setError("The increase threshold is a whole percentage, or empty to never hold increases.");
      return;
    }
    startTransition(async () => {
      const result = await setApprovalPolicy({ ...values, holdIncreasesAbovePercent: threshold });
      if (result.ok) toast.success(result.data.message);
      else setError(result.fieldErrors?.holdIncreasesAbovePercent ?? result.error);
    });
  }

  return (
    <form onSubmit={submit} className="grid gap-3">
      {switches.map(([key, label]) => (
        <div key={key} className="flex items-center gap-2">
          <Checkbox
            id={`approval-${key}`}
            checked={values[key]}
            disabled={!canWrite || pending}
            onCheckedChange={(checked) => setValues((previous) => ({ ...previous, [key]: checked === true }))}
          />
          <Label htmlFor={`approval-${key}`}>{label}</Label>
        </div>
      ))}
      <div className="grid gap-1 sm:max-w-xs">
        <Label htmlFor="approval-increase">Hold increases above (%)</Label>
        <Input
          id="approval-increase"
          inputMode="numeric"
          placeholder="Never"
          value={percent}
          disabled={!canWrite || pending}
          onChange={(event) => setPercent(event.target.value)}
          aria-describedby="approval-increase-hint"
        />
        <p id="approval-increase-hint" className="text-muted-foreground text-xs">
          Empty: increases apply at once.
        </p>
      </div>
      <PolicyFormFooter
        error={error}
        canWrite={canWrite}
        pending={pending}
        saveLabel="Save policy"
        readOnlyNote="An owner or admin can change the policy."
      />
    </form>
  );
}
