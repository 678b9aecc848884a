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
