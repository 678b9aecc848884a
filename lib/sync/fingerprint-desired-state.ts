/**
 * The fingerprint of an organization's desired state: everything a run's plan is made from on our side
 * (the billed quantity of every product, its prices, descriptions and labels, the sync and billing
 * policies and, billing once per period, the billed period). Two equal fingerprints mean a run would plan against the
 * same target, so an organization whose fingerprint matches what its last successful run left on the
 * agreement needs no run until its agreement is due to be read again.
 */
import { createHash } from "node:crypto";
import type { BillingDates, EffectiveBillingPolicy } from "./billed-quantity";
import type { DesiredLine, SyncPolicy } from "./plan-agreement-changes";

export interface DesiredStateInputs {
  agreementId: number;
  lines: readonly DesiredLine[];
  policy: SyncPolicy;
  billing: { policy: EffectiveBillingPolicy; dates: BillingDates };
}

function normalizedNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "";
  // 10 and 10.00 are the same price; keep 6 decimals of anything finer.
  return String(Math.round(value * 1e6) / 1e6);
}

/** A hex SHA-256 of the desired state, independent of the order of the lines. */
export function fingerprintDesiredState(inputs: DesiredStateInputs): string {
  const lines = [...inputs.lines]
    .sort((a, b) => a.catalogItemId - b.catalogItemId || a.productId.localeCompare(b.productId))
    .map((line) => [
      line.productId,
      line.catalogItemId,
      normalizedNumber(line.quantity),
      normalizedNumber(line.unitPrice),
      normalizedNumber(line.unitCost),
      line.description,
      line.invoiceDescription ?? "",
    ]);
  const canonical = JSON.stringify({
    agreementId: inputs.agreementId,
    lines,
    policy: [inputs.policy.removal, inputs.policy.drift, inputs.policy.managePrice],
    // The billed quantities already carry the period's effect; the dates of new or cancelled lines
    // move every day when billing at once, so only the period-end timing's billed period is kept.
    billing: [
      inputs.billing.policy.countBasis,
      inputs.billing.policy.timing,
      inputs.billing.policy.timing === "period-end" ? inputs.billing.dates.period.start : "",
    ],
  });
  return createHash("sha256").update(canonical).digest("hex");
}
