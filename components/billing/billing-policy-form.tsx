"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { PolicyFormFooter } from "@/components/console/policy-form-footer";
import { Label } from "@/components/ui/label";
import { billingTimingLabels, countBasisLabels } from "@/lib/schemas/billing";
import { setBillingPolicy, setMappingBillingPolicy } from "@/lib/server-actions/billing";

type CountBasis = keyof typeof countBasisLabels;
type Timing = keyof typeof billingTimingLabels;

const selectClass =
  "border-input bg-background focus-visible:ring-ring/50 h-9 w-full rounded-md border px-3 text-sm outline-none focus-visible:ring-[3px] disabled:opacity-50";

/**
 * Count basis and timing: the workspace's (no `organizationId`), or one organization's override,
 * where "Workspace default" follows the workspace's policy.
 */
export function BillingPolicyForm({
  organizationId,
  countBasis: initialBasis,
  timing: initialTiming,
  workspaceDefault,
  canWrite,
}: {
  organizationId?: string;
  countBasis: CountBasis | null;
  timing: Timing | null;
  /** Shown as the "Workspace default" choice of an organization's form. */
  workspaceDefault?: { countBasis: CountBasis; timing: Timing };
  canWrite: boolean;
}) {
  const [countBasis, setCountBasis] = useState<CountBasis | "">(initialBasis ?? "");
  const [timing, setTiming] = useState<Timing | "">(initialTiming ?? "");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const idPrefix = organizationId ? `billing-${organizationId}` : "billing-workspace";

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    startTransition(async () => {
      const result = organizationId
        ? await setMappingBillingPolicy({
            organizationId,
            countBasis: countBasis === "" ? null : countBasis,
            timing: timing === "" ? null : timing,
          })
        : await setBillingPolicy({ countBasis: countBasis || "current", timing: timing || "immediate" });
      if (result.ok) toast.success(result.data.message);
      else setError(result.error);
    });
  }

  return (
    <form onSubmit={submit} className="grid gap-4 sm:max-w-md">
      <div className="grid gap-2">
        <Label htmlFor={`${idPrefix}-basis`}>Quantity billed</Label>
        <select
          id={`${idPrefix}-basis`}
          className={selectClass}
          value={countBasis}
          disabled={!canWrite || pending}
          onChange={(event) => setCountBasis(event.target.value as CountBasis | "")}
        >
          {workspaceDefault ? (
            <option value="">Workspace default ({countBasisLabels[workspaceDefault.countBasis]})</option>
          ) : null}
          {(Object.keys(countBasisLabels) as CountBasis[]).map((value) => (
            <option key={value} value={value}>
              {countBasisLabels[value]}
            </option>
          ))}
        </select>
      </div>
      <div className="grid gap-2">
        <Label htmlFor={`${idPrefix}-timing`}>When changes reach ConnectWise</Label>
        <select
          id={`${idPrefix}-timing`}
          className={selectClass}
          value={timing}
          disabled={!canWrite || pending}
          onChange={(event) => setTiming(event.target.value as Timing | "")}
        >
          {workspaceDefault ? (
            <option value="">Workspace default ({billingTimingLabels[workspaceDefault.timing]})</option>
          ) : null}
          {(Object.keys(billingTimingLabels) as Timing[]).map((value) => (
            <option key={value} value={value}>
              {billingTimingLabels[value]}
            </option>
          ))}
        </select>
      </div>
      <PolicyFormFooter
        error={error}
        canWrite={canWrite}
        pending={pending}
        saveLabel="Save"
        readOnlyNote="An owner or admin can change this."
      />
    </form>
  );
}
