/**
 * A sync run's lifecycle as the run row and its mapping's last-run fields record it: started, then
 * finished (succeeded or failed). Every kind of run (a sync, "turn sync off") goes through these.
 */
import type { Database } from "@/db";
import { findRun, updateMappingRunStatus, updateRun } from "@/db/queries/sync";
import type { RecordedApiCall } from "@/db/schema";
import { logFor } from "@/lib/logging/logger";
import { recordSyncRun } from "@/lib/metrics/registry";

/** The run row moves to running (its attempt counted from 1), its last error cleared, and records its agreement when given. */
export async function markRunStarted(
  db: Database,
  params: { workspaceId: string; runId: string; startedAt: Date; attempt: number; cwAgreementId?: number },
): Promise<void> {
  await updateRun(db, {
    workspaceId: params.workspaceId,
    runId: params.runId,
    values: {
      state: "running",
      startedAt: params.startedAt,
      attempt: params.attempt,
      error: null,
      errorCode: null,
      ...(params.cwAgreementId === undefined ? {} : { cwAgreementId: params.cwAgreementId }),
    },
  });
}

/**
 * The mapping shows this run as its last one, running; `nextDueAt` when the schedule moves on with it.
 * Its desired-state fingerprint is cleared until the run succeeds, so a run that fails never lets the
 * next one be skipped.
 */
export async function markMappingRunning(
  db: Database,
  params: { workspaceId: string; mappingId: string; runId: string; startedAt: Date; nextDueAt?: Date | null },
): Promise<void> {
  await updateMappingRunStatus(db, {
    workspaceId: params.workspaceId,
    mappingId: params.mappingId,
    values: {
      lastRunId: params.runId,
      lastRunState: "running",
      lastRunAt: params.startedAt,
      lastRunMessage: null,
      desiredFingerprint: null,
      // This run reads the agreement: a "Sync all" request that no run had taken yet is served by it.
      syncAllRequestedAt: null,
      ...(params.nextDueAt === undefined ? {} : { nextDueAt: params.nextDueAt }),
    },
  });
}

/** Records the run's end and, when it is still the mapping's last run, the mapping's last-run fields. */
export async function finishRun(
  db: Database,
  params: {
    workspaceId: string;
    mappingId: string;
    runId: string;
    state: "succeeded" | "failed";
    summary: Record<string, number>;
    error: string | null;
    errorCode: string | null;
    calls: RecordedApiCall[];
    message: string;
    /** When the run started: counted in the run metrics (duration by outcome) when given. */
    startedAt?: Date;
  },
): Promise<void> {
  const finishedAt = new Date();
  if (params.startedAt) recordSyncRun(params.state, params.startedAt, finishedAt);
  logFor({ workspaceId: params.workspaceId, mappingId: params.mappingId, runId: params.runId }).info(
    {
      state: params.state,
      errorCode: params.errorCode,
      apiCalls: params.calls.length,
      ...(params.startedAt ? { durationMs: finishedAt.getTime() - params.startedAt.getTime() } : {}),
    },
    `sync run ${params.state}`,
  );
  await updateRun(db, {
    workspaceId: params.workspaceId,
    runId: params.runId,
    values: {
      state: params.state,
      finishedAt,
      summary: params.summary,
      error: params.error,
      errorCode: params.errorCode,
      apiCalls: params.calls,
    },
  });
  await updateMappingRunStatus(db, {
    workspaceId: params.workspaceId,
    mappingId: params.mappingId,
    onlyIfLastRunId: params.runId,
    values: { lastRunState: params.state, lastRunAt: finishedAt, lastRunMessage: params.message },
  });
}

/**
 * Billbridge stopped while this run was in progress and its job was handed back to the queue: the
 * run goes back to "queued" (it resumes, re-reading the agreement, when a worker takes the job again)
 * or, when no attempt is left, fails saying why, so that it never stays "running".
 */
export async function recordInterruptedRun(
  db: Database,
  params: { workspaceId: string; mappingId: string; runId: string; willRetry: boolean },
): Promise<void> {
  const { workspaceId, mappingId, runId } = params;
  const run = await findRun(db, { workspaceId, runId });
  if (!run || run.state !== "running") return;
  if (params.willRetry) {
    const message = "Billbridge stopped during this run; it resumes when Billbridge runs again.";
    await updateRun(db, { workspaceId, runId, values: { state: "queued", error: message, errorCode: "interrupted" } });
    await updateMappingRunStatus(db, {
      workspaceId,
      mappingId,
      onlyIfLastRunId: runId,
      values: { lastRunState: "queued", lastRunMessage: message },
    });
    return;
  }
  const message = "Billbridge stopped during this run and no attempt is left; press Sync now to run it again.";
  await finishRun(db, {
    workspaceId,
    mappingId,
    runId,
    state: "failed",
    summary: run.summary,
    error: message,
    errorCode: "interrupted",
    calls: run.apiCalls,
    message,
  });
}
