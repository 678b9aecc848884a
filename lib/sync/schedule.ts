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
 * The mapping's own verify slot in (`after`, `after` + interval]: a multiple of the interval after the
 * epoch plus the mapping's offset. Where a mapping's first verify read goes, so organizations mapped or
 * turned on together spread over the interval instead of being read again all at once.
 */
export function computeVerifySlotAt(after: Date, mappingId: string, intervalHours: number): Date {
  const intervalMs = intervalHours * 60 * 60_000;
  const offsetMs = computeVerifyOffsetSeconds(mappingId, intervalMs / 1000) * 1000;
  const latest = after.getTime() + intervalMs;
  const slot = Math.floor((latest - offsetMs) / intervalMs) * intervalMs + offsetMs;
  return new Date(slot);
}

/**
 * When an unchanged mapping's agreement must be read again after a run that read it at `readAt`: any
 * read counts (a change's run, "Sync now", "Sync all", a verify), and the next is due the interval
 * after it, so two reads are never further apart than the interval and an organization read for a
 * change is not read again the same day. After the mapping's first read (none before it, or sync just
 * turned on) the next one goes to the mapping's own slot instead, within the same interval; from then
 * on the reads stay spread because each is anchored to when its organization was last read.
 */
export function computeNextVerifyAt(params: {
  readAt: Date;
  firstRead: boolean;
  mappingId: string;
  intervalHours: number;
}): Date {
  if (params.firstRead) return computeVerifySlotAt(params.readAt, params.mappingId, params.intervalHours);
  return new Date(params.readAt.getTime() + params.intervalHours * 60 * 60_000);
}

/**
 * When a mapping that just synced successfully is next looked at: its next verify read, or earlier,
 * billing by something other than the current usage at once, the first hour of the next billing
 * period (at the mapping's second of that hour), when its billed quantities move without any report.
 */
export function computeNextCheckAt(params: {
  /** When the run looked at the mapping: a rollover before it is no reason to look again. */
  now: Date;
  /** When the agreement is next due to be read. */
  verifyAt: Date;
  scheduleOffsetSeconds: number;
  /** The running billing period's last day (YYYY-MM-DD) when time alone can change the billed quantities. */
  periodEnd: string | null;
}): Date {
  const verify = params.verifyAt;
  if (params.periodEnd === null) return verify;
  const nextPeriod = new Date(`${params.periodEnd}T00:00:00Z`).getTime() + 24 * 60 * 60_000;
  const rollover = nextPeriod + (((params.scheduleOffsetSeconds % 3600) + 3600) % 3600) * 1000;
  return rollover > params.now.getTime() && rollover < verify.getTime() ? new Date(rollover) : verify;
}
