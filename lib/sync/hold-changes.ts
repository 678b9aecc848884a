/**
 * Approvals (README "Approvals"): which planned writes wait for a person's decision under the
 * workspace's policy, and what a held change means in money. Pure.
 */
import type { HoldRule } from "@/db/schema";
import { isSameQuantity, type PlannedChange } from "./plan-agreement-changes";

export interface ApprovalPolicyRules {
  holdDecreases: boolean;
  /** Hold increases of more than this percentage; null: never. */
  holdIncreasesAbovePercent: number | null;
  holdNewLines: boolean;
  holdCancellations: boolean;
}

export const holdRuleLabels: Record<HoldRule, string> = {
  decrease: "a decrease",
  increase: "an increase above the threshold",
  "new-line": "a new product line",
  cancellation: "a cancellation",
};

export type WriteChange = Extract<PlannedChange, { action: "create" | "update" | "cancel" | "zero" }>;

/** The quantity on the line before and after the change (0 before a create, 0 after a cancel). */
export function quantitiesOf(change: WriteChange): { before: number; after: number } {
  switch (change.action) {
    case "create":
      return { before: 0, after: change.quantity };
    case "cancel":
      return { before: change.before.quantity, after: 0 };
    case "update":
    case "zero":
      return { before: change.before.quantity, after: change.after.quantity };
  }
}

/** The line's price: what the change writes, else what the line has; null when ConnectWise defaults it. */
export function unitPriceOf(change: WriteChange): number | null {
  switch (change.action) {
    case "create":
      return change.unitPrice;
    case "cancel":
      return change.before.unitPrice;
    case "update":
    case "zero":
      return change.after.unitPrice ?? change.before.unitPrice;
  }
}

/** The rule that holds `change`, or null when it applies at once. Price-only updates are never held. */
export function holdRuleFor(change: WriteChange, policy: ApprovalPolicyRules | null): HoldRule | null {
  if (policy === null) return null;
  if (change.action === "create") return policy.holdNewLines ? "new-line" : null;
  if (change.action === "cancel" || change.action === "zero") {
    if (policy.holdCancellations) return "cancellation";
    return policy.holdDecreases ? "decrease" : null;
  }
  const { before, after } = quantitiesOf(change);
  if (isSameQuantity(before, after)) return null;
  if (after < before) return policy.holdDecreases ? "decrease" : null;
  if (policy.holdIncreasesAbovePercent === null) return null;
  const percent = before === 0 ? Number.POSITIVE_INFINITY : ((after - before) / before) * 100;
  return percent > policy.holdIncreasesAbovePercent ? "increase" : null;
}

/** Money per billing period the change adds (negative: removes), at the line's price; null without a price. */
export function moneyImpact(before: number, after: number, unitPrice: number | null): number | null {
  if (unitPrice === null) return null;
  return Math.round((after - before) * unitPrice * 100) / 100;
}
