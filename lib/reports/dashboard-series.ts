/** The dashboard's chart series, from the stored counts: every outcome and every hour, zeros included. */

export const runOutcomes = ["succeeded", "failed", "running", "queued"] as const;
export type RunOutcome = (typeof runOutcomes)[number];

export const runOutcomeLabels: Record<RunOutcome, string> = {
  succeeded: "Succeeded",
  failed: "Failed",
  running: "Running",
  queued: "Queued",
};

export interface RunOutcomeBar {
  outcome: RunOutcome;
  label: string;
  runs: number;
}

/** Runs of the last 24 hours per outcome, in a fixed order, with outcomes that had no run at 0. */
export function runsByOutcome(counts: ReadonlyArray<{ outcome: string; count: number }>): RunOutcomeBar[] {
  return runOutcomes.map((outcome) => ({
    outcome,
    label: runOutcomeLabels[outcome],
    runs: counts.find((row) => row.outcome === outcome)?.count ?? 0,
  }));
}

export interface RequestHourBar {
  /** The hour's start, ISO 8601 UTC (`2026-12-03T14:00Z`). */
  hour: string;
  /** The hour as the axis shows it (`14:00`, UTC). */
  label: string;
  requests: number;
}

/**
 * The 24 hours ending with the current one (UTC), each with its ConnectWise requests (0 when none).
 * `counts` carries hours as `YYYY-MM-DDTHH:00Z`.
 */
export function requestsPerHour(
  counts: ReadonlyArray<{ hour: string; count: number }>,
  now: Date = new Date(),
): RequestHourBar[] {
  const byHour = new Map(counts.map((row) => [row.hour, row.count]));
  const currentHour = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), now.getUTCHours());
  const bars: RequestHourBar[] = [];
  for (let back = 23; back >= 0; back -= 1) {
    const start = new Date(currentHour - back * 3_600_000).toISOString();
    const hour = `${start.slice(0, 13)}:00Z`;
    bars.push({ hour, label: start.slice(11, 16), requests: byHour.get(hour) ?? 0 });
  }
  return bars;
}

/** The configured ConnectWise budget of one connection per hour: the limiter's per-minute rate × 60. */
export function requestLimitPerHour(requestsPerMinute: number): number {
  return requestsPerMinute * 60;
}
