import { describe, expect, it } from "vitest";
import { describeSyncAll } from "@/lib/sync/describe-sync-all";

describe("describeSyncAll", () => {
  it("says how many were queued now, how many were already waiting and how many follow", () => {
    expect(describeSyncAll({ organizations: 2_000, queuedNow: 998, alreadyQueued: 2, following: 1_000 })).toBe(
      "998 syncs queued now; 2 already waiting (they read the agreement too); 1,000 more follow over the next minutes, taking turns with other workspaces.",
    );
    expect(describeSyncAll({ organizations: 1, queuedNow: 1, alreadyQueued: 0, following: 0 })).toBe(
      "1 sync queued now.",
    );
  });

  it("says so when no organization has sync on", () => {
    expect(describeSyncAll({ organizations: 0, queuedNow: 0, alreadyQueued: 0, following: 0 })).toBe(
      "No organization has sync on, so nothing was queued.",
    );
  });
});
