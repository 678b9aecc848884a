/** What "Sync all" tells the admin it did: queued now, already waiting, and following on the next ticks. */
import { plural } from "@/lib/format";

export interface SyncAllCounts {
  organizations: number;
  queuedNow: number;
  alreadyQueued: number;
  following: number;
}

export function describeSyncAll(counts: SyncAllCounts): string {
  if (counts.organizations === 0) return "No organization has sync on, so nothing was queued.";
  const number = (count: number) => count.toLocaleString("en-US");
  const parts = [`${number(counts.queuedNow)} ${plural(counts.queuedNow, "sync")} queued now`];
  if (counts.alreadyQueued > 0)
    parts.push(
      `${number(counts.alreadyQueued)} already waiting (${plural(counts.alreadyQueued, "it reads", "they read")} the agreement too)`,
    );
  if (counts.following > 0)
    parts.push(`${number(counts.following)} more follow over the next minutes, taking turns with other workspaces`);
  return `${parts.join("; ")}.`;
}
