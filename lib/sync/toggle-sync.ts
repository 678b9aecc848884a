/**
 * Turning sync on and off for mappings. Turning it on queues the first run at once; should that be
 * refused (ConnectWise disconnected), nextDueAt = now lets the scheduler try. Turning it off can cancel
 * the additions Billbridge wrote.
 */
import type { Database } from "@/db";
import { setSyncEnabled } from "@/db/queries/mappings";
import { SafeError } from "@/lib/errors";
import { cancelOwnedAdditions } from "./cancel-owned-additions";
import { enqueueOrganizationSync } from "./enqueue-organization-sync";

export async function scheduleFirstSync(
  db: Database,
  params: { workspaceId: string; organizationIds: readonly string[] },
) {
  const enabled = await setSyncEnabled(db, {
    workspaceId: params.workspaceId,
    organizationIds: params.organizationIds,
    enabled: true,
    nextDueAt: new Date(),
  });
  const refused: string[] = [];
  for (const mapping of enabled) {
    try {
      await enqueueOrganizationSync(db, { workspaceId: params.workspaceId, mappingId: mapping.id, trigger: "enable" });
    } catch (error) {
      if (!(error instanceof SafeError)) throw error;
      refused.push(error.message);
    }
  }
  return { enabled, refused };
}

export async function stopSync(
  db: Database,
  params: { workspaceId: string; organizationIds: readonly string[]; additions: "leave" | "cancel" },
) {
  const disabled = await setSyncEnabled(db, {
    workspaceId: params.workspaceId,
    organizationIds: params.organizationIds,
    enabled: false,
    nextDueAt: null,
  });
  let cancelled = 0;
  const failures: string[] = [];
  if (params.additions === "cancel") {
    for (const mapping of disabled) {
      try {
        const result = await cancelOwnedAdditions(db, { workspaceId: params.workspaceId, mappingId: mapping.id });
        cancelled += result.cancelled;
        if (result.error) failures.push(result.error);
      } catch (error) {
        if (!(error instanceof SafeError)) throw error;
        failures.push(error.message);
      }
    }
  }
  return { disabled, cancelled, failures };
}
