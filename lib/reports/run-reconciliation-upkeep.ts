import type { Database } from "@/db";
import { refreshReconciliationMonth, tidyReconciliationMonths } from "@/db/queries/reconciliation";
import { monthBounds } from "./reconcile-month";

/** Kept months nobody read for this long are dropped (worked out again if read later). */
export const reconciliationUnreadDays = 7;

/**
 * Keeps the reconciliation report's kept lines ready to read: drops months unread for a week, forgets
 * changes no kept month needs, and brings every kept running month up to date — in full once its day
 * has moved on (or the month has ended), else the organizations changed since — so a page or the
 * dashboard seldom has more than a few organizations to work out.
 */
export async function runReconciliationUpkeep(db: Database, now: Date = new Date()) {
  const tidied = await tidyReconciliationMonths(db, { unreadDays: reconciliationUnreadDays });
  const today = now.toISOString().slice(0, 10);
  const worked = { none: 0, organizations: 0, month: 0 };
  for (const { workspaceId, month } of tidied.running) {
    const bounds = monthBounds(month);
    const refresh = await refreshReconciliationMonth(db, {
      workspaceId,
      monthStart: bounds.start,
      monthEnd: bounds.end,
      today,
      read: false,
    });
    worked[refresh.worked] += 1;
  }
  return { droppedLines: tidied.droppedLines, workspacesPruned: tidied.workspacesPruned, runningMonths: worked };
}
