/**
 * When a mapping's next scheduled run is due (DESIGN.md §4 "Scheduling"). Each mapping owns a stable
 * second of the hour, so thousands of organizations spread over the hour instead of spiking at :00.
 */
import { createHash } from "node:crypto";

export const syncIntervalMs = 60 * 60_000;

/** A stable second of the hour for a mapping, from its id. */
export function computeScheduleOffsetSeconds(mappingId: string): number {
  const digest = createHash("sha256").update(mappingId).digest();
  return digest.readUInt32BE(0) % 3600;
}

/**
 * The mapping's slot (a time at `offsetSeconds` past an hour) nearest to `lastStart` + 1 hour.
 * The gap to the next run is therefore between 30 and 90 minutes and averages an hour, while every
 * run stays on the mapping's own second of the hour however late or early the last one started.
 */
export function computeNextDueAt(lastStart: Date, offsetSeconds: number): Date {
  const offsetMs = (((offsetSeconds % 3600) + 3600) % 3600) * 1000;
  const target = lastStart.getTime() + syncIntervalMs;
  const hourStart = Math.floor((target - offsetMs) / syncIntervalMs) * syncIntervalMs + offsetMs;
  const candidates = [hourStart, hourStart + syncIntervalMs];
  const nearest = candidates.reduce((best, candidate) =>
    Math.abs(candidate - target) < Math.abs(best - target) ? candidate : best,
  );
  return new Date(nearest);
}

/** The offset a mapping uses: its stored one, or one derived from its id when none was stored. */
export function resolveScheduleOffsetSeconds(mapping: { id: string; scheduleOffsetSeconds: number }): number {
  return mapping.scheduleOffsetSeconds > 0 ? mapping.scheduleOffsetSeconds : computeScheduleOffsetSeconds(mapping.id);
}

/** Hours allowed for the verify interval (the workspace setting). */
export const verifyIntervalHoursRange = { min: 1, max: 168 } as const;

/**
 * A stable offset of the mapping within the verify interval, from its id, so the reads of unchanged
 * organizations spread evenly over the interval instead of all falling due together.
 */
export function computeVerifyOffsetSeconds(mappingId: string, intervalSeconds: number): number {
  const digest = createHash("sha256").update(`verify:${mappingId}`).digest();
  return digest.readUInt32BE(0) % Math.max(1, Math.floor(intervalSeconds));
}

/**
 * When an unchanged mapping's agreement must be read again: its own slot (a multiple of the interval
 * after the epoch plus its offset) in (`verifiedAt`, `verifiedAt` + interval]. The gap between two
 * reads never exceeds the interval, and in steady state every read falls on the mapping's slot.
 */
export function computeNextVerifyAt(verifiedAt: Date, mappingId: string, intervalHours: number): Date {
  const intervalMs = intervalHours * 60 * 60_000;
  const offsetMs = computeVerifyOffsetSeconds(mappingId, intervalMs / 1000) * 1000;
  const latest = verifiedAt.getTime() + intervalMs;
  const slot = Math.floor((latest - offsetMs) / intervalMs) * intervalMs + offsetMs;
  return new Date(slot);
}

/**
 * When a mapping that just synced successfully is next looked at: its next verify read, or earlier,
 * billing by something other than the current usage at once, the first hour of the next billing
 * period (at the mapping's second of that hour), when its billed quantities move without any report.
 */
export function computeNextCheckAt(params: {
  verifiedAt: Date;
  mappingId: string;
  scheduleOffsetSeconds: number;
  intervalHours: number;
  /** The running billing period's last day (YYYY-MM-DD) when time alone can change the billed quantities. */
  periodEnd: string | null;
}): Date {
  const verify = computeNextVerifyAt(params.verifiedAt, params.mappingId, params.intervalHours);
  if (params.periodEnd === null) return verify;
  const nextPeriod = new Date(`${params.periodEnd}T00:00:00Z`).getTime() + 24 * 60 * 60_000;
  const rollover = nextPeriod + (((params.scheduleOffsetSeconds % 3600) + 3600) % 3600) * 1000;
  return rollover > params.verifiedAt.getTime() && rollover < verify.getTime() ? new Date(rollover) : verify;
}
