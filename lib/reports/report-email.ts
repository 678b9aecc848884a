import { reconciliationStatusLabels, type ReconciliationReport } from "./reconcile-month";
import { formatCents } from "./reconciliation-csv";

/** The last complete month (UTC) on `now`'s date, YYYY-MM. */
export function lastCompleteMonth(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

export function reportCsvFilename(month: string): string {
  return `reconciliation-${month}.csv`;
}

/** The report email: the month's totals and its five biggest discrepancies; every line is in the attached CSV. */
export function renderReportEmail(params: { workspaceName: string; report: ReconciliationReport }): {
  subject: string;
  text: string;
} {
  const { workspaceName, report } = params;
  const discrepancies = report.lines.filter((line) => line.moneyCents !== 0);
  const lines = [
    `Reconciliation of ${report.month}: platform usage against what ConnectWise will bill.`,
    "",
    `Under-billing: ${formatCents(report.underBilledCents)}`,
    `Over-billing: ${formatCents(report.overBilledCents)}`,
    `Lines: ${report.lines.length}, of which ${discrepancies.length} with a money difference.`,
    "",
  ];
  if (discrepancies.length === 0) lines.push("Every line is in step.");
  else {
    lines.push("Biggest discrepancies:");
    for (const line of discrepancies.slice(0, 5)) {
      lines.push(
        `- ${line.organizationName} · ${line.productName}: ${formatCents(line.moneyCents)} ` +
          `(${reconciliationStatusLabels[line.status]}; usage ${line.platformQuantity}, ConnectWise ${line.connectWiseQuantity ?? "none"})`,
      );
    }
  }
  lines.push("", `Every line is in the attached ${reportCsvFilename(report.month)}.`);
  return {
    subject: `[Billbridge · ${workspaceName}] Reconciliation report ${report.month}`,
    text: `${lines.join("\n")}\n`,
  };
}
