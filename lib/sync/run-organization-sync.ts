/**
 * The organization sync (DESIGN.md §4): read the agreement's additions in one paged call, plan with
 * the pure planner, apply, and record the run and every change. Writes whose outcome is unknown
 * (timeout, dropped connection, 5xx after sending) are never re-sent: the additions are read again
 * and the plan is made again from what ConnectWise really holds.
 */
import type { Database } from "@/db";
import {
  deleteHeldChange,
  deleteHeldChangesExcept,
  listHeldChangesOfMapping,
  upsertHeldChange,
} from "@/db/queries/approvals";
import { updateConnectionStatus } from "@/db/queries/connections";
import { listUsageHistory, recordUsageSnapshot } from "@/db/queries/usage";
import {
  findRun,
  findSyncSettings,
  insertRunChanges,
  listLedgerOfMappingAndAgreement,
  listMappingsOnAgreement,
  listProductsForSync,
  recordLedgerEntry,
  updateMappingRunStatus,
  updateRun,
  type NewSyncChange,
  type SyncSettings,
} from "@/db/queries/sync";
import type { Mapping, PsaConnection, RecordedApiCall } from "@/db/schema";
import {
  BadCredentialsError,
  isConnectWiseError,
  MissingPermissionError,
  NotFoundError,
  type ConnectWiseAddition,
  type ConnectWiseClient,
  type ConnectWiseRequestRecord,
} from "@/lib/connectwise";
import { connectWiseClientForConnection } from "@/lib/connection/client-for-workspace";
import { NotConnectedError } from "@/lib/errors";
import {
  billedQuantity,
  billingDates,
  resolveBillingPolicy,
  type BillingDates,
  type EffectiveBillingPolicy,
} from "./billed-quantity";
import { buildDesiredLines, type ProductForSync } from "./desired-state";
import { holdRuleFor, holdRuleLabels, quantitiesOf, unitPriceOf, type ApprovalPolicyRules } from "./hold-changes";
import { withAgreementLockWaiting, withMappingLock } from "./mapping-lock";
import { finishRun, markMappingRunning, markRunStarted } from "./run-lifecycle";
import {
  determineWrittenValues,
  isSameQuantity,
  isWriteChange,
  planAgreementChanges,
  summarizePlan,
  type PlannedChange,
  type PlanSummary,
  type SyncPolicy,
} from "./plan-agreement-changes";
import { recordSyncRun } from "@/lib/metrics/registry";
import { checkDesiredState, finishUnchangedRun, recordVerifiedState } from "./check-desired-state";
import { computeNextDueAt, resolveScheduleOffsetSeconds } from "./schedule";
import {
  labelAddition,
  selectOwnedAdditions,
  type AdditionOnAgreement,
  type IgnoredAddition,
} from "./select-owned-additions";

/** A failure retrying cannot fix: the run fails with `message`, which says what to fix. */
export class PermanentSyncError extends Error {
  constructor(
    message: string,
    public readonly code: string,
  ) {
    super(message);
    this.name = "PermanentSyncError";
  }
}

/** A failure worth retrying later (rate limits, server trouble, timeouts, a run already in progress). */
export class TransientSyncError extends Error {
  constructor(
    message: string,
    public readonly code: string,
    public readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "TransientSyncError";
  }
}

/** How long a run waits for another organization's run on the same agreement before it is retried later. */
const agreementLockWaitMs = 60_000;

/** Rounds of read → plan → apply when writes end with an unknown outcome, before giving up for a retry. */
const maxPlanRounds = 3;

export interface SyncContext {
  mapping: Mapping;
  organizationName: string;
  agreementId: number;
  connection: PsaConnection;
  client: ConnectWiseClient;
  policy: SyncPolicy;
  /** The count basis and timing in force, and the billed period's dates. */
  billing: { policy: EffectiveBillingPolicy; dates: BillingDates };
  /** Which changes wait for approval; null: every change applies at once. */
  approvals: ApprovalPolicyRules | null;
  products: ProductForSync[];
  calls: RecordedApiCall[];
  /**
   * False while the mapping is known to have no change held for approval (none when the run started, and
   * it held none since): only runs of the mapping hold changes, under its lock, so there is nothing to read.
   */
  mayHaveHeldChanges: boolean;
}

export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Loads everything a run or a preview needs, and a client whose calls share the connection's limiter.
 * `settings`: the mapping, connection and policies when the caller has just read them (findSyncSettings).
 */
export async function loadSyncContext(
  db: Database,
  params: { workspaceId: string; mappingId: string },
  settings?: SyncSettings | null,
): Promise<SyncContext> {
  const found = settings === undefined ? await findSyncSettings(db, params) : settings;
  if (!found) throw new PermanentSyncError("This organization's mapping no longer exists.", "mapping-missing");
  const { mapping } = found;
  if (mapping.cwAgreementId === null) {
    throw new PermanentSyncError(
      `${found.organizationName} has no ConnectWise agreement. Choose its company and agreement in the mapping table, then sync again.`,
      "agreement-not-mapped",
    );
  }
  const calls: RecordedApiCall[] = [];
  const { connection } = found;
  let client: ConnectWiseClient;
  try {
    client = connectWiseClientForConnection(db, {
      connection,
      extra: {
        onRequest: (record: ConnectWiseRequestRecord) =>
          calls.push({
            method: record.method,
            path: record.path,
            status: record.status,
            durationMs: Math.round(record.durationMs),
            attempt: record.attempt,
          }),
      },
    });
  } catch (error) {
    if (error instanceof NotConnectedError) throw new PermanentSyncError(error.message, "not-connected");
    throw error;
  }
  const day = today();
  const approvals = found.approvalPolicy;
  const billingPolicy = resolveBillingPolicy(found.billingPolicy, found.mappingBillingPolicy);
  const dates = billingDates(billingPolicy.timing, day);
  const history =
    billingPolicy.countBasis === "current" && billingPolicy.timing === "immediate"
      ? []
      : await listUsageHistory(db, {
          workspaceId: params.workspaceId,
          organizationId: mapping.organizationId,
          from: dates.period.start,
          to: dates.historyTo,
        });
  const products = (
    await listProductsForSync(db, { workspaceId: params.workspaceId, organizationId: mapping.organizationId })
  ).map((row) => {
    const current = row.quantity === null ? 0 : Number(row.quantity);
    const quantity = billedQuantity({
      policy: billingPolicy,
      dates,
      current: Number.isFinite(current) ? current : 0,
      history: history
        .filter((entry) => entry.productId === row.productId)
        .map((entry) => ({
          day: entry.day,
          quantity: Number(entry.quantity),
          peakQuantity: entry.peakQuantity === null ? null : Number(entry.peakQuantity),
        })),
    });
    return { ...row, quantity: row.quantity === null && quantity === 0 ? null : String(quantity) };
  });
  return {
    mapping,
    organizationName: found.organizationName,
    agreementId: mapping.cwAgreementId,
    connection: connection!,
    client,
    policy: connection!.syncPolicy,
    billing: { policy: billingPolicy, dates },
    approvals,
    products,
    calls,
    mayHaveHeldChanges: found.hasHeldChanges,
  };
}

function toLiveAdditions(additions: ConnectWiseAddition[]): AdditionOnAgreement[] {
  return additions
    .filter((addition) => addition.catalogItemId !== null)
    .map((addition) => ({
      id: addition.id,
      catalogItemId: addition.catalogItemId as number,
      quantity: addition.quantity,
      unitPrice: addition.unitPrice,
      unitCost: addition.unitCost,
      cancelledDate: addition.cancelledDate,
      effectiveDate: addition.effectiveDate,
      invoiceDescription: addition.invoiceDescription,
    }));
}

/** Turns a ConnectWise failure into a permanent or transient sync error with a message that says what to fix. */
export function classifySyncFailure(
  error: unknown,
  context: { agreementId: number; agreementName: string | null },
): PermanentSyncError | TransientSyncError {
  if (error instanceof PermanentSyncError || error instanceof TransientSyncError) return error;
  if (!isConnectWiseError(error)) {
    return new TransientSyncError(
      `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`,
      "internal",
    );
  }
  if (error instanceof NotFoundError) {
    const name = context.agreementName
      ? `"${context.agreementName}" (${context.agreementId})`
      : String(context.agreementId);
    return new PermanentSyncError(
      `The agreement ${name} no longer exists in ConnectWise. Choose another agreement for this organization in the mapping table.`,
      "agreement-missing",
    );
  }
  if (error instanceof BadCredentialsError) {
    return new PermanentSyncError(
      `ConnectWise refused the API keys: ${error.message} Edit the ConnectWise integration in Settings › Integrations and enter working keys.`,
      "bad-credentials",
    );
  }
  if (error instanceof MissingPermissionError) {
    const permission = error.permission
      ? ` Grant "${error.permission}" (All) to the API member's security role in ConnectWise, then sync again.`
      : "";
    return new PermanentSyncError(`${error.message}${permission}`, "missing-permission");
  }
  if (error.transient) {
    const retryAfter =
      "retryAfterSeconds" in error ? ((error as { retryAfterSeconds: number | null }).retryAfterSeconds ?? null) : null;
    return new TransientSyncError(error.message, error.code, retryAfter);
  }
  return new PermanentSyncError(error.message, error.code);
}

export interface PlanView {
  agreementId: number;
  agreementName: string | null;
  organizationName: string;
  plan: PlannedChange[];
  summary: PlanSummary;
  productNames: Record<string, string>;
  catalogItemNames: Record<number, string>;
  /** Per catalog item, what approvals do to its planned write: held (by which rule), rejected, or approved. */
  holds: Record<number, { result: "held" | "rejected" | "planned"; message: string }>;
}

async function readAndPlan(
  db: Database,
  context: SyncContext,
  workspaceId: string,
  unknownCreates: ReadonlyMap<number, ReadonlySet<number>> = new Map(),
): Promise<{
  plan: PlannedChange[];
  ledgerIds: Set<number>;
  additionIds: Set<number>;
  ignored: IgnoredAddition[];
  /** The agreement's status as the additions carry it; null when the agreement has none. */
  agreementStatus: string | null;
}> {
  const additions = await context.client.listAdditions(context.agreementId);
  const [ledgerRows, onAgreement] = await Promise.all([
    listLedgerOfMappingAndAgreement(db, {
      workspaceId,
      mappingId: context.mapping.id,
      cwAgreementId: context.agreementId,
    }),
    listMappingsOnAgreement(db, { workspaceId, cwAgreementId: context.agreementId }),
  ]);
  const ledger = ledgerRows.filter((entry) => entry.mappingId === context.mapping.id);
  const agreementLedger = ledgerRows.filter((entry) => entry.cwAgreementId === context.agreementId);
  const desired = buildDesiredLines(context.products, context.connection.catalogSettings, context.organizationName);
  const ledgerIds = new Set(ledger.map((entry) => entry.additionId));
  const others = onAgreement.filter((other) => other.mappingId !== context.mapping.id);
  const catalogItemIds = new Set(
    context.products.flatMap((product) => (product.catalogItemId === null ? [] : [product.catalogItemId])),
  );
  const ownership = selectOwnedAdditions({
    additions: toLiveAdditions(additions),
    catalogItemIds,
    ownAdditionIds: ledgerIds,
    otherOwnedAdditionIds: new Set(
      agreementLedger.filter((entry) => entry.mappingId !== context.mapping.id).map((entry) => entry.additionId),
    ),
    labels: new Map(desired.map((line) => [line.catalogItemId, line.invoiceDescription ?? line.description])),
    otherLabels: new Set(
      others.flatMap((other) => context.products.map((product) => labelAddition(product.name, other.organizationName))),
    ),
    soleEnabledMapping: !others.some((other) => other.syncEnabled),
    unknownCreates,
  });
  // Additions we wrote stay ours even when their product (and its catalog link) was deleted since,
  // so they are retired by the removal policy instead of being left to bill forever.
  const ownedCatalogItemIds = [...catalogItemIds, ...ownership.owned.map((addition) => addition.catalogItemId)];
  const plan = planAgreementChanges({
    desired,
    actual: ownership.owned,
    lastWritten: ledger
      .filter((entry) => entry.cwAgreementId === context.agreementId)
      .map((entry) => ({
        additionId: entry.additionId,
        quantity: Number(entry.quantity),
        unitPrice: entry.unitPrice === null ? null : Number(entry.unitPrice),
        unitCost: entry.unitCost === null ? null : Number(entry.unitCost),
      })),
    ownedCatalogItemIds,
    policy: context.policy,
    today: today(),
    effectiveDate: context.billing.dates.effectiveDate,
    cancelledDate: context.billing.dates.cancelledDate,
  });
  return {
    plan,
    ledgerIds,
    additionIds: new Set(additions.map((addition) => addition.id)),
    ignored: ownership.ignored,
    agreementStatus: additions.find((addition) => addition.agreementStatus !== null)?.agreementStatus ?? null,
  };
}

const closedAgreementStatuses = new Set(["Cancelled", "Expired"]);

/**
 * Fails when the agreement is cancelled or expired, before anything is written: a sync never bills
 * on a closed agreement. The status comes with the additions; an agreement without any is read only
 * when the plan would write to it.
 */
async function assertAgreementOpen(
  context: SyncContext,
  planned: { plan: PlannedChange[]; agreementStatus: string | null },
): Promise<void> {
  let status = planned.agreementStatus;
  if (status === null) {
    if (!planned.plan.some(isWriteChange)) return;
    const agreement = await context.client.getAgreement(context.agreementId);
    status = agreement.cancelled ? "Cancelled" : agreement.status;
  }
  if (status !== null && closedAgreementStatuses.has(status)) {
    const name = context.mapping.cwAgreementName ?? String(context.agreementId);
    throw new PermanentSyncError(
      `The agreement "${name}" is ${status.toLowerCase()} in ConnectWise, so Billbridge wrote nothing to it. Choose an active agreement for ${context.organizationName} in the mapping table.`,
      "agreement-closed",
    );
  }
}

function productNamesOf(context: SyncContext): Record<string, string> {
  return Object.fromEntries(context.products.map((product) => [product.productId, product.name]));
}

/** The dry run ("Preview"): reads ConnectWise, writes nothing anywhere. */
export async function previewOrganizationSync(
  db: Database,
  params: { workspaceId: string; mappingId: string },
): Promise<PlanView> {
  const context = await loadSyncContext(db, params);
  try {
    const planned = await readAndPlan(db, context, params.workspaceId);
    await assertAgreementOpen(context, planned);
    const { plan } = planned;
    const decisions = new Map(
      (await listHeldChangesOfMapping(db, { workspaceId: params.workspaceId, mappingId: context.mapping.id })).map(
        (decision) => [decision.catalogItemId, decision],
      ),
    );
    const holds: PlanView["holds"] = {};
    for (const change of plan) {
      if (!isWriteChange(change)) continue;
      const rule = holdRuleFor(change, context.approvals);
      if (rule === null) continue;
      const decision = decisions.get(change.catalogItemId);
      const sameTarget =
        decision !== undefined &&
        decision.action === change.action &&
        isSameQuantity(Number(decision.afterQuantity), quantitiesOf(change).after);
      holds[change.catalogItemId] =
        sameTarget && decision.state === "approved"
          ? { result: "planned", message: "Approved; applied by the next run." }
          : sameTarget && decision.state === "rejected"
            ? { result: "rejected", message: "Rejected; ConnectWise keeps its quantity until the usage changes again." }
            : { result: "held", message: `Held for approval: ${holdRuleLabels[rule]}.` };
    }
    return {
      agreementId: context.agreementId,
      agreementName: context.mapping.cwAgreementName,
      organizationName: context.organizationName,
      plan,
      summary: summarizePlan(plan),
      holds,
      productNames: productNamesOf(context),
      catalogItemNames: Object.fromEntries(
        context.products.flatMap((product) =>
          product.catalogItemId === null ? [] : [[product.catalogItemId, product.name]],
        ),
      ),
    };
  } catch (error) {
    throw classifySyncFailure(error, {
      agreementId: context.agreementId,
      agreementName: context.mapping.cwAgreementName,
    });
  }
}

function recordChange(
  change: PlannedChange,
  result: NewSyncChange["result"],
  message: string | null,
  /** The addition ConnectWise created, with the price and cost it carries (the catalog's when we sent none). */
  created?: { id: number; unitPrice: number | null; unitCost: number | null },
): NewSyncChange {
  const base = {
    productId: change.productId,
    catalogItemId: change.catalogItemId,
    action: change.action,
    result,
    message,
  };
  switch (change.action) {
    case "create":
      return {
        ...base,
        additionId: created?.id ?? null,
        before: null,
        after: {
          quantity: change.quantity,
          unitPrice: change.unitPrice ?? created?.unitPrice ?? null,
          unitCost: change.unitCost ?? created?.unitCost ?? null,
          description: change.description,
        },
        drift: null,
      };
    case "update":
    case "zero":
      return {
        ...base,
        additionId: change.additionId,
        before: { ...change.before },
        after: { ...change.after },
        drift: change.drift,
      };
    case "cancel":
      return {
        ...base,
        additionId: change.additionId,
        before: { ...change.before },
        after: { ...change.before, cancelledDate: change.cancelledDate },
        drift: change.drift,
      };
    case "conflict":
      return {
        ...base,
        additionId: change.additionIds[0] ?? null,
        before: { additionIds: change.additionIds },
        after: { quantity: change.desiredQuantity },
        drift: null,
        message: message ?? change.reason,
      };
    case "drift":
      return {
        ...base,
        additionId: change.additionId,
        before: { quantity: change.found },
        after: { quantity: change.desiredQuantity },
        drift: { lastWritten: change.lastWritten, found: change.found },
        message: message ?? "Quantity was changed by hand in ConnectWise; the drift policy keeps it.",
      };
    case "none":
      return {
        ...base,
        additionId: change.additionId,
        before: change.current ? { ...change.current } : null,
        after: change.current ? { ...change.current } : { quantity: 0 },
        drift: change.drift,
      };
  }
}

async function applyChange(
  context: SyncContext,
  change: PlannedChange,
): Promise<{ id: number; unitPrice: number | null; unitCost: number | null } | undefined> {
  const { client, agreementId } = context;
  switch (change.action) {
    case "create": {
      const created = await client.createAddition(agreementId, {
        catalogItemId: change.catalogItemId,
        quantity: change.quantity,
        effectiveDate: change.effectiveDate,
        billCustomer: "Billable",
        description: change.description,
        ...(change.invoiceDescription === undefined ? {} : { invoiceDescription: change.invoiceDescription }),
        ...(change.unitPrice === null ? {} : { unitPrice: change.unitPrice }),
        ...(change.unitCost === null ? {} : { unitCost: change.unitCost }),
      });
      return { id: created.id, unitPrice: created.unitPrice ?? null, unitCost: created.unitCost ?? null };
    }
    case "update":
    case "zero": {
      const { before, after } = change;
      await client.updateAddition(agreementId, change.additionId, {
        quantity: after.quantity,
        ...(after.unitPrice !== before.unitPrice && after.unitPrice !== null ? { unitPrice: after.unitPrice } : {}),
        ...(after.unitCost !== before.unitCost && after.unitCost !== null ? { unitCost: after.unitCost } : {}),
      });
      return undefined;
    }
    case "cancel":
      await client.cancelAddition(agreementId, change.additionId, change.cancelledDate);
      return undefined;
    default:
      return undefined;
  }
}

export interface RunOutcome {
  runId: string;
  state: "succeeded" | "failed";
  summary: Record<string, number>;
  error: string | null;
}

interface ApplyResult {
  /** Per-change permanent failures (a missing Edit permission, a validation error): the others still ran. */
  changeFailures: PermanentSyncError[];
  summary: PlanSummary & { held: number; rejected: number };
}

/**
 * Read, plan and apply, re-reading and re-planning after any write whose outcome is unknown.
 * Throws PermanentSyncError for failures that stop the whole run, TransientSyncError to be retried.
 */
async function planAndApply(
  db: Database,
  context: SyncContext,
  workspaceId: string,
  recorded: NewSyncChange[],
): Promise<ApplyResult> {
  const changeFailures: PermanentSyncError[] = [];
  const failure = (error: unknown) =>
    classifySyncFailure(error, { agreementId: context.agreementId, agreementName: context.mapping.cwAgreementName });
  // Creates whose outcome is unknown: catalog item → the additions read before sending it.
  const unknownCreates = new Map<number, Set<number>>();
  for (let round = 1; round <= maxPlanRounds; round++) {
    let planned: Awaited<ReturnType<typeof readAndPlan>>;
    try {
      planned = await readAndPlan(db, context, workspaceId, unknownCreates);
      await assertAgreementOpen(context, planned);
    } catch (error) {
      throw failure(error);
    }
    const { plan, ledgerIds, additionIds } = planned;
    const decisions = new Map(
      (context.mayHaveHeldChanges
        ? await listHeldChangesOfMapping(db, { workspaceId, mappingId: context.mapping.id })
        : []
      ).map((decision) => [decision.catalogItemId, decision]),
    );
    // Lines whose decision stays: held, rejected, or approved and not yet applied.
    const keptDecisions: number[] = [];
    let mustReplan = false;
    for (const change of plan) {
      if (!isWriteChange(change)) {
        const written = determineWrittenValues(change);
        // A live addition of ours that we never recorded (a create whose answer was lost) is adopted,
        // so later hand edits of it are reported as drift.
        const adopted =
          written ??
          (change.action === "none" &&
          change.additionId !== null &&
          change.current !== null &&
          !ledgerIds.has(change.additionId)
            ? { additionId: change.additionId, ...change.current }
            : null);
        if (adopted) await remember(db, context, workspaceId, change.productId, adopted);
        recorded.push(recordChange(change, "skipped", null));
        continue;
      }
      const rule = holdRuleFor(change, context.approvals);
      let approvedDecisionId: string | null = null;
      if (rule !== null) {
        const { before, after } = quantitiesOf(change);
        const decision = decisions.get(change.catalogItemId);
        const sameTarget =
          decision !== undefined &&
          decision.action === change.action &&
          isSameQuantity(Number(decision.afterQuantity), after);
        keptDecisions.push(change.catalogItemId);
        if (sameTarget && decision.state === "rejected") {
          recorded.push(
            recordChange(
              change,
              "rejected",
              "Rejected for approval; ConnectWise keeps its quantity until the usage changes again.",
            ),
          );
          continue;
        }
        if (!(sameTarget && decision.state === "approved")) {
          if (!sameTarget) {
            context.mayHaveHeldChanges = true;
            await upsertHeldChange(db, {
              workspaceId,
              mappingId: context.mapping.id,
              organizationId: context.mapping.organizationId,
              productId: change.productId,
              catalogItemId: change.catalogItemId,
              action: change.action,
              additionId: change.action === "create" ? null : change.additionId,
              beforeQuantity: before,
              afterQuantity: after,
              unitPrice: unitPriceOf(change),
              rule,
            });
          }
          recorded.push(recordChange(change, "held", `Held for approval: ${holdRuleLabels[rule]}.`));
          continue;
        }
        approvedDecisionId = decision.id;
      }
      if (mustReplan) continue;
      try {
        const created = await applyChange(context, change);
        const written = determineWrittenValues(change, created?.id);
        if (written) await remember(db, context, workspaceId, change.productId, written);
        if (approvedDecisionId !== null) {
          await deleteHeldChange(db, { workspaceId, id: approvedDecisionId });
          keptDecisions.pop();
        }
        recorded.push(
          recordChange(change, "applied", approvedDecisionId === null ? null : "Approved, then applied.", created),
        );
      } catch (error) {
        if (
          isConnectWiseError(error) &&
          (error.outcomeUnknown || (error instanceof NotFoundError && change.action !== "create"))
        ) {
          // Never re-send: the write may have landed. Read the agreement again and plan from what is there.
          if (change.action === "create" && !unknownCreates.has(change.catalogItemId)) {
            unknownCreates.set(change.catalogItemId, additionIds);
          }
          recorded.push(
            recordChange(
              change,
              "failed",
              `${error.message} Billbridge read the additions again instead of re-sending.`,
            ),
          );
          mustReplan = true;
          continue;
        }
        const classified = explainChangeFailure(context, change, failure(error));
        if (
          classified instanceof PermanentSyncError &&
          (classified.code === "missing-permission" || classified.code === "validation")
        ) {
          recorded.push(recordChange(change, "failed", classified.message));
          changeFailures.push(classified);
          continue;
        }
        recorded.push(recordChange(change, "failed", classified.message));
        throw classified;
      }
    }
    if (!mustReplan) {
      // A decision whose change is no longer planned (the usage moved back) is gone with it. Decisions
      // are written only by this mapping's runs (under its lock), so when every one read above is kept
      // or already deleted there is nothing to delete.
      if ([...decisions.keys()].some((catalogItemId) => !keptDecisions.includes(catalogItemId)))
        await deleteHeldChangesExcept(db, {
          workspaceId,
          mappingId: context.mapping.id,
          keepCatalogItemIds: keptDecisions,
        });
      return { changeFailures, summary: summarizeRecorded(recorded) };
    }
  }
  throw new TransientSyncError(
    "ConnectWise kept failing after writes whose outcome was unknown; Billbridge will read the additions again and retry.",
    "outcome-unknown",
  );
}

/** A refused create most often means the product's catalog item is gone or inactive: say which product and what to do. */
function explainChangeFailure(
  context: SyncContext,
  change: PlannedChange,
  error: PermanentSyncError | TransientSyncError,
): PermanentSyncError | TransientSyncError {
  if (!(error instanceof PermanentSyncError) || error.code !== "validation" || change.action !== "create") return error;
  const product = context.products.find((candidate) => candidate.productId === change.productId);
  return new PermanentSyncError(
    `${error.message} Billbridge could not add "${product?.name ?? change.description}" (catalog item ${change.catalogItemId}): check that the item still exists and is active in ConnectWise (Procurement › Product Catalog), or publish the catalog again.`,
    error.code,
  );
}

function summarizeRecorded(recorded: NewSyncChange[]): PlanSummary & { held: number; rejected: number } {
  const summary = { ...summarizePlan([]), held: 0, rejected: 0 };
  for (const change of recorded) {
    const action = change.action as keyof PlanSummary;
    if (change.result === "failed") continue;
    if (change.result === "held" || change.result === "rejected") {
      summary[change.result === "held" ? "held" : "rejected"] += 1;
      continue;
    }
    if (action in summary) summary[action] += 1;
    if (change.result === "applied") summary.writes += 1;
    if (change.drift || change.action === "drift") summary.driftDetected += 1;
    if (change.drift && change.result === "applied" && ["update", "zero", "cancel"].includes(change.action))
      summary.driftCorrected += 1;
  }
  return summary;
}

async function remember(
  db: Database,
  context: SyncContext,
  workspaceId: string,
  productId: string | null,
  written: { additionId: number; quantity: number; unitPrice: number | null; unitCost: number | null },
) {
  await recordLedgerEntry(db, {
    workspaceId,
    mappingId: context.mapping.id,
    cwAgreementId: context.agreementId,
    additionId: written.additionId,
    productId,
    quantity: written.quantity,
    unitPrice: written.unitPrice,
    unitCost: written.unitCost,
  });
}

function describeOutcome(summary: Record<string, number>): string {
  const parts: string[] = [];
  const label: Record<string, string> = {
    create: "created",
    update: "updated",
    cancel: "cancelled",
    zero: "set to 0",
    conflict: "in conflict",
    drift: "drift kept",
    driftCorrected: "drift corrected",
    held: "held for approval",
    rejected: "rejected",
  };
  for (const [action, text] of Object.entries(label)) {
    if ((summary[action] ?? 0) > 0) parts.push(`${summary[action]} ${text}`);
  }
  return parts.length === 0 ? "Up to date" : parts.join(", ");
}

/**
 * Runs one queued run to its end under the mapping's lock. Returns the outcome for permanent
 * failures too (recorded on the run); throws TransientSyncError when a retry should follow, after
 * recording the attempt (`willRetry` says whether the run stays queued or fails now).
 */
export async function runOrganizationSync(
  db: Database,
  params: { workspaceId: string; mappingId: string; runId: string; attempt: number; willRetry: boolean },
): Promise<RunOutcome> {
  const { workspaceId, mappingId, runId } = params;
  const run = await findRun(db, { workspaceId, runId });
  if (!run) throw new PermanentSyncError("The run record is gone (the mapping was removed).", "run-missing");
  if (run.state === "succeeded" || run.state === "failed") {
    return { runId, state: run.state, summary: run.summary, error: run.error };
  }
  const locked = await withMappingLock(db, { mappingId }, async () => {
    const startedAt = new Date();
    const found = await findSyncSettings(db, { workspaceId, mappingId });
    const proceeds = found !== null && found.mapping.syncEnabled;
    await markRunStarted(db, {
      workspaceId,
      runId,
      startedAt,
      attempt: params.attempt + 1,
      ...(proceeds && found.mapping.cwAgreementId !== null ? { cwAgreementId: found.mapping.cwAgreementId } : {}),
    });
    if (found && !found.mapping.syncEnabled) {
      // Turned off after this run was queued: writing now would undo "turn sync off".
      const message = "Skipped: sync was turned off for this organization before the run started; nothing was written.";
      await finishRun(db, {
        workspaceId,
        mappingId,
        runId,
        state: "succeeded",
        summary: { skipped: 1 },
        error: null,
        errorCode: null,
        calls: [],
        message,
        startedAt,
      });
      return { runId, state: "succeeded" as const, summary: { skipped: 1 } as Record<string, number>, error: null };
    }
    if (found) {
      await markMappingRunning(db, {
        workspaceId,
        mappingId,
        runId,
        startedAt,
        nextDueAt: computeNextDueAt(startedAt, resolveScheduleOffsetSeconds(found.mapping)),
      });
    }
    let context: SyncContext | null = null;
    const recorded: NewSyncChange[] = [];
    try {
      // The usage this run sees becomes part of today's history (its peak), before it is billed.
      if (found)
        await recordUsageSnapshot(db, { workspaceId, organizationId: found.mapping.organizationId, day: today() });
      context = await loadSyncContext(db, { workspaceId, mappingId }, found);
      const check = await checkDesiredState(db, {
        context,
        previous: found?.mapping ?? null,
        trigger: run.trigger,
        now: startedAt,
        ...(found ? { verifyIntervalHours: found.verifyIntervalHours } : {}),
      });
      if (check.unchanged) return await finishUnchangedRun(db, { workspaceId, mappingId, runId, startedAt, check });
      const syncContext = context;
      const agreementLocked = await withAgreementLockWaiting(
        db,
        { workspaceId, agreementId: context.agreementId, timeoutMs: agreementLockWaitMs },
        () => planAndApply(db, syncContext, workspaceId, recorded),
      );
      if (!agreementLocked.acquired) {
        throw new TransientSyncError(
          `Another organization mapped to the agreement "${context.mapping.cwAgreementName ?? context.agreementId}" is syncing it; this run waits for it.`,
          "agreement-busy",
        );
      }
      const result = agreementLocked.value;
      await insertRunChanges(db, { workspaceId, runId, changes: recorded });
      const summary = { ...result.summary, apiCalls: context.calls.length };
      const failed = result.changeFailures.length > 0;
      const error = failed ? [...new Set(result.changeFailures.map((failure) => failure.message))].join(" ") : null;
      await finishRun(db, {
        workspaceId,
        mappingId,
        runId,
        state: failed ? "failed" : "succeeded",
        summary,
        error,
        errorCode: failed ? result.changeFailures[0]!.code : null,
        calls: context.calls,
        message: error ?? describeOutcome(summary),
        startedAt,
      });
      if (!failed) await recordVerifiedState(db, { workspaceId, mappingId, check, summary, verifiedAt: startedAt });
      return { runId, state: failed ? ("failed" as const) : ("succeeded" as const), summary, error };
    } catch (error) {
      const classified =
        error instanceof PermanentSyncError || error instanceof TransientSyncError
          ? error
          : classifySyncFailure(error, { agreementId: context?.agreementId ?? 0, agreementName: null });
      await insertRunChanges(db, { workspaceId, runId, changes: recorded });
      const calls = context?.calls ?? [];
      if (classified instanceof PermanentSyncError && classified.code === "bad-credentials") {
        await updateConnectionStatus(db, { workspaceId, status: "unhealthy", reason: classified.message });
      }
      if (classified instanceof TransientSyncError && params.willRetry) {
        await updateRun(db, {
          workspaceId,
          runId,
          values: {
            state: "queued",
            apiCalls: calls,
            error: `Will retry: ${classified.message}`,
            errorCode: classified.code,
          },
        });
        await updateMappingRunStatus(db, {
          workspaceId,
          mappingId,
          onlyIfLastRunId: runId,
          values: { lastRunState: "queued", lastRunMessage: `Retrying: ${classified.message}` },
        });
        recordSyncRun("retrying", startedAt);
        throw classified;
      }
      await finishRun(db, {
        workspaceId,
        mappingId,
        runId,
        state: "failed",
        summary: { apiCalls: calls.length },
        error: classified.message,
        errorCode: classified.code,
        calls,
        message: classified.message,
        startedAt,
      });
      return { runId, state: "failed" as const, summary: { apiCalls: calls.length }, error: classified.message };
    }
  });
  if (!locked.acquired) {
    throw new TransientSyncError(
      "Another run of this organization is still in progress; this one waits for it.",
      "run-in-progress",
    );
  }
  return locked.value;
}
