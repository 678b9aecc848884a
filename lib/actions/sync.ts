/** The usage sync's workspace actions: Sync now, Sync all and Preview (the dry run). */
import { z } from "zod";
import type { Database } from "@/db";
import { recordAuditEvent } from "@/db/queries/audit";
import { filterWorkspaceMappingIds, findMappingForSync } from "@/db/queries/sync";
import { requireConnection } from "@/lib/connection/client-for-workspace";
import { SafeError } from "@/lib/errors";
import { describePlannedChange, type ChangeLine } from "@/lib/sync/describe-changes";
import { enqueueOrganizationSync, type EnqueueTrigger } from "@/lib/sync/enqueue-organization-sync";
import type { PlanSummary } from "@/lib/sync/plan-agreement-changes";
import { PermanentSyncError, previewOrganizationSync, TransientSyncError } from "@/lib/sync/run-organization-sync";
import { requestSyncAll, type SyncAllRequest } from "@/lib/sync/request-sync-all";
import { defineWorkspaceAction } from "./define-action";
import {
  findWorkspaceSyncSettings,
  updateMappingsDueForVerifyInterval,
  upsertSyncSettings,
} from "@/db/queries/sync-settings";
import { syncSettingsSchema } from "@/lib/schemas/sync";
import { plural } from "@/lib/format";

const mappingIdsSchema = z.object({ mappingIds: z.array(z.uuid()).min(1).max(500) }).strict();

export interface SyncNowResult {
  queued: { mappingId: string; runId: string; deduplicated: boolean }[];
  refused: { mappingId: string; error: string }[];
}

async function enqueueMany(
  db: Database,
  workspaceId: string,
  mappingIds: string[],
  trigger: EnqueueTrigger,
): Promise<SyncNowResult> {
  const result: SyncNowResult = { queued: [], refused: [] };
  for (const mappingId of mappingIds) {
    try {
      result.queued.push({ mappingId, ...(await enqueueOrganizationSync(db, { workspaceId, mappingId, trigger })) });
    } catch (error) {
      if (!(error instanceof SafeError)) throw error;
      result.refused.push({ mappingId, error: error.message });
    }
  }
  return result;
}

/** "Sync now" for one or more rows: queued at once, deduplicated per mapping. */
export const syncNowAction = defineWorkspaceAction({
  name: "sync.now",
  role: "admin",
  schema: mappingIdsSchema,
  run: async (context, input) => {
    const owned = await filterWorkspaceMappingIds(context.db, {
      workspaceId: context.workspace.id,
      mappingIds: [...new Set(input.mappingIds)],
    });
    if (owned.length === 0) throw new SafeError("Those organizations were not found.", "not-found");
    const result = await enqueueMany(context.db, context.workspace.id, owned, "manual");
    if (result.queued.length === 0 && result.refused.length === 1)
      throw new SafeError(result.refused[0]!.error, "refused");
    return result;
  },
});

/**
 * "Sync all": every enabled, mapped organization of the workspace reads its agreement. The first share
 * is queued at once and the scheduler queues the rest on its next ticks, fairly with other workspaces.
 */
export const syncAllAction = defineWorkspaceAction({
  name: "sync.all",
  role: "admin",
  schema: z.object({}).strict(),
  run: async (context): Promise<SyncAllRequest> => {
    await requireConnection(context.db, { workspaceId: context.workspace.id });
    const result = await requestSyncAll(context.db, { workspaceId: context.workspace.id, now: new Date() });
    await recordAuditEvent(context.db, {
      workspaceId: context.workspace.id,
      actorUserId: context.user.id,
      ipAddress: context.address,
      action: "sync.all",
      targetType: "mapping",
      details: {
        organizations: result.organizations,
        queuedNow: result.queuedNow,
        alreadyQueued: result.alreadyQueued,
        following: result.following,
      },
    });
    return result;
  },
});

export interface PreviewResult {
  organizationName: string;
  agreementId: number;
  agreementName: string | null;
  summary: PlanSummary;
  lines: ChangeLine[];
}

/**
 * "Preview": the dry run. Reads the agreement's additions and returns the plan; writes nothing, in
 * ConnectWise or here. Open to viewers: viewers see everything (DESIGN.md §3), the preview only
 * reads, and its requests go through the connection's shared rate limiter like any other.
 */
export const previewSyncAction = defineWorkspaceAction({
  name: "sync.preview",
  role: "viewer",
  schema: z.object({ mappingId: z.uuid() }).strict(),
  run: async (context, input): Promise<PreviewResult> => {
    const found = await findMappingForSync(context.db, {
      workspaceId: context.workspace.id,
      mappingId: input.mappingId,
    });
    if (!found) throw new SafeError("That organization mapping was not found.", "not-found");
    try {
      const view = await previewOrganizationSync(context.db, {
        workspaceId: context.workspace.id,
        mappingId: input.mappingId,
      });
      const names = { byProduct: view.productNames, byCatalogItem: view.catalogItemNames };
      return {
        organizationName: view.organizationName,
        agreementId: view.agreementId,
        agreementName: view.agreementName,
        summary: view.summary,
        lines: view.plan.map((change) => ({
          ...describePlannedChange(change, names),
          ...(view.holds[change.catalogItemId] ?? {}),
        })),
      };
    } catch (error) {
      if (error instanceof PermanentSyncError || error instanceof TransientSyncError)
        throw new SafeError(error.message, error.code);
      throw error;
    }
  },
});

/**
 * The workspace's sync settings: how often an unchanged organization's agreement is still read (hand
 * edits are corrected within that many hours). A shorter interval applies to every organization at once.
 */
export const setSyncSettingsAction = defineWorkspaceAction({
  name: "sync.setSettings",
  role: "admin",
  schema: syncSettingsSchema,
  run: async (context, input) => {
    const workspaceId = context.workspace.id;
    const before = await findWorkspaceSyncSettings(context.db, { workspaceId });
    await upsertSyncSettings(context.db, { workspaceId, verifyIntervalHours: input.verifyIntervalHours });
    await updateMappingsDueForVerifyInterval(context.db, {
      workspaceId,
      verifyIntervalHours: input.verifyIntervalHours,
    });
    await recordAuditEvent(context.db, {
      workspaceId,
      actorUserId: context.user.id,
      ipAddress: context.address,
      action: "sync.settings-set",
      targetType: "workspace",
      targetId: workspaceId,
      details: { verifyIntervalHours: { from: before.verifyIntervalHours, to: input.verifyIntervalHours } },
    });
    return {
      verifyIntervalHours: input.verifyIntervalHours,
      message: `Saved: organizations whose usage did not change are read from ConnectWise every ${input.verifyIntervalHours} ${plural(input.verifyIntervalHours, "hour")}.`,
    };
  },
});
