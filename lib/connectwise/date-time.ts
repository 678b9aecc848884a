/**
 * ConnectWise rejects datetimes with milliseconds (400 UnsupportedFormat), so every datetime we send is
 * `YYYY-MM-DDTHH:mm:ssZ` in UTC.
 */

export function formatConnectWiseDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("Cannot send an invalid date to ConnectWise");
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Midnight UTC of the date's UTC day: the form ConnectWise uses for effective and cancelled dates. */
export function formatConnectWiseDate(date: Date): string {
  return formatConnectWiseDateTime(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())));
}

/** ConnectWise leaves unset datetimes as null, "" or absent; all read as null. */
export function parseConnectWiseDateTime(value: unknown): Date | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
