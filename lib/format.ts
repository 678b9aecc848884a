/** Dates as an admin reads them: "27 Nov 2026, 14:05" in the server's locale-independent English form. */
export function formatDateTime(value: string | Date): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return (
    new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date) + " UTC"
  );
}

/**
 * The noun for a count: plural(1, "mapping") is "mapping", plural(3, "mapping") "mappings"; irregular forms
 * (and verbs that agree with the count) pass the plural: plural(n, "product is", "products are").
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}

/** A money change as the Approvals page and the digest show it: "+252.00", "−12.50", "0.00". */
export function formatSignedMoney(value: number): string {
  const sign = value > 0 ? "+" : value < 0 ? "−" : "";
  return `${sign}${Math.abs(value).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
