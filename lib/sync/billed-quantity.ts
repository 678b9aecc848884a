/**
 * The count basis and timing of a sync (README "Count basis and timing"): which quantity is billed
 * and for which billing period. Pure, so a simulated month is a unit test.
 *
 * - Billing periods are calendar months in UTC (ConnectWise's Monthly billing cycle; see
 *   sandbox/choices.ts for what is assumed about agreements' cycles).
 * - Timing "immediate" bills the running period: `current` is the usage now, `peak` the highest
 *   usage seen in the period so far (now included), `last-day` the usage now — which on the
 *   period's last day is that day's figure.
 * - Timing "period-end" bills the period that ended before today, from usage history only: `current`
 *   and `last-day` are the last figure recorded in that period, `peak` its highest. Every run in the
 *   next period plans the same quantities, so the agreement changes once per period. Creates carry
 *   the period's first day as effective date and cancels its last day as cancelled date.
 */
import type { BillingTiming, CountBasis } from "@/db/schema";

export interface BillingPeriod {
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day, YYYY-MM-DD (inclusive). */
  end: string;
}

export interface EffectiveBillingPolicy {
  countBasis: CountBasis;
  timing: BillingTiming;
}

export interface UsageDay {
  day: string;
  /** The day's last figure. */
  quantity: number;
  /** The day's highest figure; null for rows recorded before peaks were kept. */
  peakQuantity: number | null;
}

export const defaultBillingPolicy: EffectiveBillingPolicy = { countBasis: "current", timing: "immediate" };

/** The mapping's override where it has one, else the workspace's policy, else current usage at once. */
export function resolveBillingPolicy(
  workspace: EffectiveBillingPolicy | null,
  override: { countBasis: CountBasis | null; timing: BillingTiming | null } | null,
): EffectiveBillingPolicy {
  const base = workspace ?? defaultBillingPolicy;
  return { countBasis: override?.countBasis ?? base.countBasis, timing: override?.timing ?? base.timing };
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** The calendar month (UTC) that contains `day`. */
export function billingPeriodOf(day: string): BillingPeriod {
  const [year, month] = day.split("-").map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { start: `${year}-${pad(month)}-01`, end: `${year}-${pad(month)}-${pad(lastDay)}` };
}

export function previousBillingPeriod(period: BillingPeriod): BillingPeriod {
  const start = new Date(`${period.start}T00:00:00Z`);
  start.setUTCDate(0);
  return billingPeriodOf(start.toISOString().slice(0, 10));
}

export interface BillingDates {
  /** The period whose usage is billed. */
  period: BillingPeriod;
  /** Effective date of new additions. */
  effectiveDate: string;
  /** Cancelled date of cancelled additions. */
  cancelledDate: string;
  /** History needed, from `period.start` to this day. */
  historyTo: string;
}

export function billingDates(timing: BillingTiming, today: string): BillingDates {
  const running = billingPeriodOf(today);
  if (timing === "immediate") return { period: running, effectiveDate: today, cancelledDate: today, historyTo: today };
  const ended = previousBillingPeriod(running);
  return { period: ended, effectiveDate: ended.start, cancelledDate: ended.end, historyTo: ended.end };
}

/**
 * The quantity to bill for one product. `history` is that product's usage days (any order; days
 * outside the billed period are ignored); `current` the usage now.
 */
export function billedQuantity(params: {
  policy: EffectiveBillingPolicy;
  dates: BillingDates;
  current: number;
  history: readonly UsageDay[];
}): number {
  const { policy, dates } = params;
  const inPeriod = params.history
    .filter((entry) => entry.day >= dates.period.start && entry.day <= dates.historyTo)
    .sort((left, right) => (left.day < right.day ? -1 : left.day > right.day ? 1 : 0));
  const peakOf = (entries: readonly UsageDay[]) =>
    entries.reduce((peak, entry) => Math.max(peak, entry.peakQuantity ?? entry.quantity, entry.quantity), 0);
  if (policy.timing === "immediate") {
    if (policy.countBasis === "peak") return Math.max(params.current, peakOf(inPeriod));
    return params.current;
  }
  if (policy.countBasis === "peak") return peakOf(inPeriod);
  return inPeriod.at(-1)?.quantity ?? 0;
}
