/**
 * "Turn sync off" for one mapping: cancels what Billbridge wrote on its agreement, recorded as a run
 * with trigger "disable" through the same run lifecycle as a sync.
 */
import type { Database } from "@/db";
import {
  findMappingForSync,
  insertQueuedRun,
  insertRunChanges,
  listLedger,
  type NewSyncChange,
} from "@/db/queries/sync";
import type { RecordedApiCall } from "@/db/schema";
import { SafeError } from "@/lib/errors";
import { withMappingLockWaiting } from "./mapping-lock";
import { isLiveAddition } from "./plan-agreement-changes";
import { finishRun, markMappingRunning, markRunStarted } from "./run-lifecycle";
import {
  classifySyncFailure,
  loadSyncContext,
  PermanentSyncError,
  today,
  TransientSyncError,
} from "./run-organization-sync";

export interface CancelOwnedResult {
  runId: string;
  cancelled: number;
  failed: number;
  error: string | null;
}

/**
 * "Turn sync off": cancels (sets the cancelled date of) every live addition Billbridge wrote on the
 * mapping's agreement, as recorded in the addition ledger; additions of other products and ones we
 * never wrote are left alone. Waits up to 30 s for a running sync of the mapping, and records what it
 * did as a run with trigger "disable". Throws SafeError with an actionable message when it cannot start.
 */
export async function cancelOwnedAdditions(
  db: Database,
  params: { workspaceId: string; mappingId: string },
): Promise<CancelOwnedResult> {
  const found = await findMappingForSync(db, params);
  if (!found) throw new SafeError("That organization mapping was not found.", "not-found");
  const { mapping } = found;
  if (mapping.cwAgreementId === null)
    throw new SafeError("This organization has no agreement, so there is nothing to cancel.", "agreement-not-mapped");
  const locked = await withMappingLockWaiting(db, { mappingId: mapping.id, timeoutMs: 30_000 }, async () => {
    const run = await insertQueuedRun(db, {
      workspaceId: params.workspaceId,
      mappingId: mapping.id,
      organizationId: mapping.organizationId,
      trigger: "disable",
      cwAgreementId: mapping.cwAgreementId,
    });
    const startedAt = new Date();
    await markRunStarted(db, { workspaceId: params.workspaceId, runId: run.id, startedAt, attempt: 1 });
    await markMappingRunning(db, { workspaceId: params.workspaceId, mappingId: mapping.id, runId: run.id, startedAt });
    const recorded: NewSyncChange[] = [];
    let calls: RecordedApiCall[] = [];
    let error: string | null = null;
    let errorCode: string | null = null;
    try {
      const context = await loadSyncContext(db, params);
      calls = context.calls;
      const ledger = await listLedger(db, params);
      const ours = new Map(
        ledger.filter((entry) => entry.cwAgreementId === context.agreementId).map((entry) => [entry.additionId, entry]),
      );
      const additions = await context.client.listAdditions(context.agreementId);
      const cancelledDate = today();
      for (const addition of additions) {
        const entry = ours.get(addition.id);
        if (!entry || !isLiveAddition(addition)) continue;
        const before = { quantity: addition.quantity, unitPrice: addition.unitPrice, unitCost: addition.unitCost };
        const base = {
          productId: entry.productId,
          catalogItemId: addition.catalogItemId,
          action: "cancel",
          additionId: addition.id,
          before,
          drift: null,
        };
        try {
          await context.client.cancelAddition(context.agreementId, addition.id, cancelledDate);
          recorded.push({
            ...base,
            after: { ...before, cancelledDate },
            result: "applied",
            message: "Sync was turned off.",
          });
        } catch (failure) {
          const classified = classifySyncFailure(failure, {
            agreementId: context.agreementId,
            agreementName: mapping.cwAgreementName,
          });
          recorded.push({ ...base, after: null, result: "failed", message: classified.message });
          error ??= classified.message;
          errorCode ??= classified.code;
          if (classified.code === "bad-credentials" || classified.code === "agreement-missing") break;
        }
      }
    } catch (failure) {
      const classified =
        failure instanceof PermanentSyncError || failure instanceof TransientSyncError
          ? failure
          : classifySyncFailure(failure, {
              agreementId: mapping.cwAgreementId!,
              agreementName: mapping.cwAgreementName,
            });
      error = classified.message;
      errorCode = classified.code;
    }
    await insertRunChanges(db, { workspaceId: params.workspaceId, runId: run.id, changes: recorded });
    const cancelled = recorded.filter((change) => change.result === "applied").length;
    const failed = recorded.filter((change) => change.result === "failed").length;
    await finishRun(db, {
      workspaceId: params.workspaceId,
      mappingId: mapping.id,
      runId: run.id,
      state: error ? "failed" : "succeeded",
      summary: { cancel: cancelled, failed, apiCalls: calls.length },
      error,
      errorCode,
      calls,
      message:
        error ?? (cancelled === 0 ? "Sync turned off; nothing to cancel" : `Sync turned off; ${cancelled} cancelled`),
    });
    return { runId: run.id, cancelled, failed, error };
  });
  if (!locked.acquired)
    throw new SafeError("A sync of this organization is still running. Try again in a minute.", "run-in-progress");
  return locked.value;
}
