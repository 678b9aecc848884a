import { reconciliationStatusLabels, type ReconciliationReport } from "./reconcile-month";

function cell(value: string): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, "0")}`;
}

export const reconciliationCsvHeader = [
  "Organization",
  "Product",
  "SKU",
  "Agreement",
  "Count basis",
  "Platform usage",
  "On ConnectWise",
  "Last written",
  "Difference",
  "Unit price",
  "Money",
  "Status",
];

/** The report's lines as CSV, in the page's order, with the page's figures. */
export function reconciliationCsv(report: ReconciliationReport): string {
  const lines = report.lines.map((line) =>
    [
      line.organizationName,
      line.productName,
      line.productSku,
      line.agreementName ?? "",
      line.countBasis,
      String(line.platformQuantity),
      line.connectWiseQuantity === null ? "" : String(line.connectWiseQuantity),
      line.writtenQuantity === null ? "" : String(line.writtenQuantity),
      String(line.difference),
      formatCents(line.unitPriceCents),
      formatCents(line.moneyCents),
      reconciliationStatusLabels[line.status],
    ]
      .map(cell)
      .join(","),
  );
  return [reconciliationCsvHeader.join(","), ...lines].join("\r\n") + "\r\n";
}
