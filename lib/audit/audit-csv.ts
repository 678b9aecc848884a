import type { AuditEntry } from "@/db/queries/audit";

const columns = [
  "occurred_at",
  "action",
  "actor_email",
  "actor_name",
  "ip_address",
  "target_type",
  "target_id",
  "details",
];

function cell(value: string): string {
  // A leading =, +, - or @ would be read as a formula by a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The audit log as CSV (RFC 4180, CRLF), one line per event, details as JSON. */
export function formatAuditCsv(entries: AuditEntry[]): string {
  const lines = [columns.join(",")];
  for (const entry of entries) {
    lines.push(
      [
        entry.occurredAt.toISOString(),
        entry.action,
        entry.actorEmail ?? "",
        entry.actorName ?? "",
        entry.ipAddress ?? "",
        entry.targetType,
        entry.targetId ?? "",
        JSON.stringify(entry.details ?? {}),
      ]
        .map(cell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
