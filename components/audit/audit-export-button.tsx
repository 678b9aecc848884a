"use client";

import { CsvExportButton } from "@/components/console/csv-export-button";
import { plural } from "@/lib/format";
import { exportAuditCsv } from "@/lib/server-actions/audit";

/** Downloads the audit log with the page's current filters as CSV. */
export function AuditExportButton({ filters }: { filters: Record<string, string | undefined> }) {
  return (
    <CsvExportButton
      exportCsv={() => exportAuditCsv(filters)}
      exported={(data) => `Exported ${data.rows} ${plural(data.rows, "event")}.`}
    />
  );
}
