/**
 * Change-driven runs: a scheduled run of an organization whose desired state is what its last
 * successful run left on the agreement, and whose agreement is not yet due to be read again, ends
 * without calling ConnectWise; a successful run records the state it left and when it read.
 */
import type { Database } from "@/db";
import { findWorkspaceSyncSettings } from "@/db/queries/sync-settings";
import { updateMappingVerifiedState } from "@/db/queries/sync";
import type { CatalogSettings, Mapping } from "@/db/schema";
import { billingPeriodOf } from "./billed-quantity";
import { buildDesiredLines } from "./desired-state";
import { fingerprintDesiredState } from "./fingerprint-desired-state";
import { computeNextCheckAt, computeNextVerifyAt, resolveScheduleOffsetSeconds } from "./schedule";
import type { BillingDates, EffectiveBillingPolicy } from "./billed-quantity";
import type { ProductForSync } from "./desired-state";
import type { SyncPolicy } from "./plan-agreement-changes";
import { finishRun } from "./run-lifecycle";

/** What the check needs of a run's loaded context (lib/sync/run-organization-sync.ts). */
interface CheckedContext {
  mapping: Mapping;
  organizationName: string;
  agreementId: number;
  connection: { catalogSettings: CatalogSettings | null };
  policy: SyncPolicy;
  billing: { policy: EffectiveBillingPolicy; dates: BillingDates };
  products: ProductForSync[];
}

export interface DesiredStateCheck {
  fingerprint: string;
  verifyIntervalHours: number;
  /** True when the run need not read ConnectWise at all. */
  unchanged: boolean;
  /** When the agreement is next due to be read if this run succeeds (or is skipped). */
  nextVerifyAt: Date;
  /** When the scheduler looks at the mapping next if this run succeeds (or is skipped). */
  nextCheckAt: Date;
  /** When the agreement was last read, before this run. */
  previousVerifiedAt: Date | null;
}

/** Billing by the current usage at once, only reports change the billed quantities; otherwise time does too. */
function periodEndOf(context: CheckedContext, now: Date): string | null {
  const { policy } = context.billing;
  if (policy.countBasis === "current" && policy.timing === "immediate") return null;
  return billingPeriodOf(now.toISOString().slice(0, 10)).end;
}

/**
 * `previous` is the mapping as it was before this run started (its fingerprint and last read). Only a
 * scheduled run is ever skipped: "Sync now", "Sync all" and turning sync on always read the agreement.
 */
export async function checkDesiredState(
  db: Database,
  params: {
    context: CheckedContext;
    previous: Mapping | null;
    trigger: string;
    now: Date;
    /** The workspace's verify interval when the caller has just read it. */
    verifyIntervalHours?: number;
  },
): Promise<DesiredStateCheck> {
  const { context, previous, now } = params;
  const verifyIntervalHours =
    params.verifyIntervalHours ??
    (await findWorkspaceSyncSettings(db, { workspaceId: context.mapping.workspaceId })).verifyIntervalHours;
  const fingerprint = fingerprintDesiredState({
    agreementId: context.agreementId,
    lines: buildDesiredLines(context.products, context.connection.catalogSettings, context.organizationName),
    policy: context.policy,
    billing: context.billing,
  });
  const interval = { mappingId: context.mapping.id, intervalHours: verifyIntervalHours };
  // When the agreement is due to be read again, as the last read left it (or "Sync all" moved it).
  const verifyDueAt = previous?.verifiedAt
    ? (previous.verifyDueAt ?? computeNextVerifyAt({ readAt: previous.verifiedAt, firstRead: false, ...interval }))
    : null;
  const unchanged =
    params.trigger === "schedule" &&
    previous !== null &&
    previous.desiredFingerprint === fingerprint &&
    previous.cwAgreementId === context.agreementId &&
    verifyDueAt !== null &&
    verifyDueAt > now;
  // A run that goes on reads the agreement: the next read is due an interval after this one.
  const nextVerifyAt =
    unchanged && verifyDueAt
      ? verifyDueAt
      : computeNextVerifyAt({
          readAt: now,
          firstRead: !previous?.verifiedAt || params.trigger === "enable",
          ...interval,
        });
  const nextCheckAt = computeNextCheckAt({
    now,
    verifyAt: nextVerifyAt,
    scheduleOffsetSeconds: resolveScheduleOffsetSeconds(context.mapping),
    periodEnd: periodEndOf(context, now),
  });
  return {
    fingerprint,
    verifyIntervalHours,
    unchanged,
    nextVerifyAt,
    nextCheckAt,
    previousVerifiedAt: previous?.verifiedAt ?? null,
  };
}

/**
 * After a run: when it left the agreement matching the desired state (nothing held, rejected or in
 * conflict), the fingerprint, the read time and the next check are recorded; otherwise the mapping
 * keeps its hourly slot and is tried again.
 */
export async function recordVerifiedState(
  db: Database,
  params: {
    workspaceId: string;
    mappingId: string;
    check: DesiredStateCheck;
    summary: Record<string, number>;
    verifiedAt: Date;
  },
): Promise<void> {
  const { summary } = params;
  if ((summary.held ?? 0) > 0 || (summary.rejected ?? 0) > 0 || (summary.conflict ?? 0) > 0) return;
  await updateMappingVerifiedState(db, {
    workspaceId: params.workspaceId,
    mappingId: params.mappingId,
    desiredFingerprint: params.check.fingerprint,
    verifiedAt: params.verifiedAt,
    verifyDueAt: params.check.nextVerifyAt,
    nextDueAt: params.check.nextCheckAt,
  });
}

/** Ends a scheduled run whose organization is unchanged and was read recently: nothing is read or written. */
export async function finishUnchangedRun(
  db: Database,
  params: { workspaceId: string; mappingId: string; runId: string; startedAt: Date; check: DesiredStateCheck },
): Promise<{ runId: string; state: "succeeded"; summary: Record<string, number>; error: null }> {
  const { workspaceId, mappingId, runId, startedAt, check } = params;
  const summary = { unchanged: 1, apiCalls: 0 };
  await finishRun(db, {
    workspaceId,
    mappingId,
    runId,
    state: "succeeded",
    summary,
    error: null,
    errorCode: null,
    calls: [],
    message: "Up to date: nothing changed since the last sync, so ConnectWise was not read.",
    startedAt,
  });
  await updateMappingVerifiedState(db, {
    workspaceId,
    mappingId,
    desiredFingerprint: check.fingerprint,
    verifiedAt: check.previousVerifiedAt ?? startedAt,
    verifyDueAt: check.nextVerifyAt,
    nextDueAt: check.nextCheckAt,
  });
  return { runId, state: "succeeded", summary, error: null };
}
