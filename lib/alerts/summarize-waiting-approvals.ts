import type { HeldChange } from "@/db/schema";
import { formatSignedMoney, plural } from "@/lib/format";
import { moneyImpact } from "@/lib/sync/hold-changes";

/** One organization's changes waiting for a decision, as the daily digest lists them. */
export interface WaitingApprovalSummary {
  organization: string;
  changes: number;
  /** Product names of the held lines, sorted. */
  products: string[];
  /** Money per billing period the changes add (negative: remove), at the lines' prices; null when none has a price. */
  moneyImpact: number | null;
  /** Changes left out of moneyImpact because ConnectWise defaults their price. */
  unpricedChanges: number;
  /** When the oldest of them was held. */
  waitingSince: string;
  /** Whole hours the oldest has waited. */
  waitingHours: number;
}

const hourMs = 3600_000;

/**
 * Groups held changes (state "held" only: approved and rejected ones have their decision) per
 * organization, the longest-waiting organization first (pure).
 */
export function summarizeWaitingApprovals(
  rows: ReadonlyArray<{ change: HeldChange; organizationName: string; productName: string | null }>,
  now: Date,
): WaitingApprovalSummary[] {
  const groups = new Map<
    string,
    { organization: string; products: Set<string>; changes: number; cents: number; priced: number; since: Date }
  >();
  for (const { change, organizationName, productName } of rows) {
    if (change.state !== "held") continue;
    const group = groups.get(change.organizationId) ?? {
      organization: organizationName,
      products: new Set<string>(),
      changes: 0,
      cents: 0,
      priced: 0,
      since: change.heldSince,
    };
    group.changes++;
    group.products.add(productName ?? `Catalog item ${change.catalogItemId}`);
    const impact = moneyImpact(
      Number(change.beforeQuantity ?? 0),
      Number(change.afterQuantity),
      change.unitPrice === null ? null : Number(change.unitPrice),
    );
    if (impact !== null) {
      group.cents += Math.round(impact * 100);
      group.priced++;
    }
    if (change.heldSince < group.since) group.since = change.heldSince;
    groups.set(change.organizationId, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.since.getTime() - b.since.getTime() || a.organization.localeCompare(b.organization))
    .map((group) => ({
      organization: group.organization,
      changes: group.changes,
      products: [...group.products].sort((a, b) => a.localeCompare(b)),
      moneyImpact: group.priced === 0 ? null : group.cents / 100,
      unpricedChanges: group.changes - group.priced,
      waitingSince: group.since.toISOString(),
      waitingHours: Math.max(0, Math.floor((now.getTime() - group.since.getTime()) / hourMs)),
    }));
}

/** "less than an hour", "5 hours", "3 days": how long the oldest change has waited. */
export function waitedText(hours: number): string {
  if (hours < 1) return "less than an hour";
  if (hours < 48) return `${hours} ${plural(hours, "hour")}`;
  const days = Math.floor(hours / 24);
  return `${days} ${plural(days, "day")}`;
}

/** One line of the digest email for an organization's waiting changes. */
export function describeWaitingApprovals(entry: WaitingApprovalSummary): string {
  const parts = [
    `${entry.changes} ${plural(entry.changes, "change")} (${entry.products.join(", ")})`,
    entry.moneyImpact === null
      ? "at ConnectWise's price"
      : `${formatSignedMoney(entry.moneyImpact)} per billing period${
          entry.unpricedChanges > 0
            ? `, plus ${entry.unpricedChanges} ${plural(entry.unpricedChanges, "change")} at ConnectWise's price`
            : ""
        }`,
    `waiting ${waitedText(entry.waitingHours)}`,
  ];
  return `- ${entry.organization}: ${parts.join(" · ")}`;
}
