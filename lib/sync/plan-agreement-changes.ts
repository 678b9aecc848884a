/**
 * The usage-sync planner (DESIGN.md §4): a pure function from the desired usage, the additions read
 * from one agreement, the values Billbridge last wrote and the connection's sync policy to the list
 * of changes that would make the agreement match the usage. It performs no I/O and knows nothing of
 * ConnectWise's wire format; the ConnectWise client maps additions to `LiveAddition` and the
 * planned changes back to requests.
 *
 * Decisions worth knowing (each one is pinned by a test in tests/sync/):
 * - Every desired product appears in the plan exactly once, and so does every owned catalog item that
 *   has live additions but is no longer desired ("retired"; its `productId` is null because the
 *   planner only knows its catalog item — pass it in `desired` with quantity 0 to get a product id).
 *   Foreign additions and cancelled additions never appear.
 * - Catalog items of `desired` lines count as owned even if `ownedCatalogItemIds` omits them.
 * - Drift is about quantity only (DESIGN.md §4): an addition whose quantity differs from what we last
 *   wrote for that addition id. Managed prices are policy, not usage, so they are always enforced.
 * - Drift policy "keep" means "never overwrite a quantity someone typed by hand": the addition is
 *   left alone and a `drift` change is reported, also when the usage dropped to 0. When the usage
 *   already equals the hand-typed quantity there is nothing to overwrite, so the result is the
 *   ordinary change (`none`, an `update` of managed prices, or the `cancel` of an addition set to 0
 *   by hand while the usage is 0) with the drift noted, under both
 *   policies; `determineWrittenValues` then adopts the found quantity so the drift is reported once.
 * - Several live additions of one owned catalog item are a conflict even when the usage is 0: we
 *   cannot tell which one is ours, so none is touched.
 * - A desired price or cost of null/undefined is not managed even when `managePrice` is on: a create
 *   leaves it null (ConnectWise defaults it from the catalog item) and an update keeps the live value.
 */

export type RemovalPolicy = "cancel" | "zero";
export type DriftPolicy = "overwrite" | "keep";

export interface SyncPolicy {
  /** What happens to a live addition whose usage dropped to 0 or whose product is no longer desired. */
  removal: RemovalPolicy;
  /** What happens when a live addition's quantity was changed by hand since we last wrote it. */
  drift: DriftPolicy;
  /** Whether Billbridge writes unit price and unit cost, or leaves them to ConnectWise and the MSP. */
  managePrice: boolean;
}

/** One entry per active product of ours; quantity 0 means "should have no live addition". */
export interface DesiredLine {
  productId: string;
  catalogItemId: number;
  quantity: number;
  unitPrice?: number | null;
  unitCost?: number | null;
  description: string;
  /** The organization's label on the line (see select-owned-additions.ts); left out, ConnectWise's default. */
  invoiceDescription?: string;
}

/** Every addition read from the agreement: ours and others', cancelled ones too. */
export interface LiveAddition {
  id: number;
  catalogItemId: number;
  quantity: number;
  unitPrice: number | null;
  unitCost: number | null;
  /** null, "" or absent all mean "not cancelled" (ConnectWise returns unset dates either way). */
  cancelledDate: string | null;
  effectiveDate: string | null;
}

/** What Billbridge last wrote to an addition, keyed by the addition id. */
export interface LastWritten {
  additionId: number;
  quantity: number;
  unitPrice: number | null;
  unitCost: number | null;
}

export interface AdditionAmounts {
  quantity: number;
  unitPrice: number | null;
  unitCost: number | null;
}

/** A live addition's quantity differs from the one we last wrote to it: someone edited it by hand. */
export interface QuantityDrift {
  lastWritten: number;
  found: number;
}

export interface CreateChange {
  action: "create";
  productId: string;
  catalogItemId: number;
  quantity: number;
  /** null: not managed, ConnectWise defaults it from the catalog item. */
  unitPrice: number | null;
  unitCost: number | null;
  description: string;
  invoiceDescription?: string;
  /** The planning day (YYYY-MM-DD). */
  effectiveDate: string;
}

export interface UpdateChange {
  action: "update";
  productId: string;
  catalogItemId: number;
  additionId: number;
  before: AdditionAmounts;
  after: AdditionAmounts;
  drift: QuantityDrift | null;
}

/** Removal policy "cancel": set the addition's cancelled date, which keeps its billing history. */
export interface CancelChange {
  action: "cancel";
  productId: string | null;
  catalogItemId: number;
  additionId: number;
  before: AdditionAmounts;
  /** The planning day (YYYY-MM-DD). */
  cancelledDate: string;
  drift: QuantityDrift | null;
}

/** Removal policy "zero": set the addition's quantity to 0 and keep it live for later reuse. */
export interface ZeroChange {
  action: "zero";
  productId: string | null;
  catalogItemId: number;
  additionId: number;
  before: AdditionAmounts;
  after: AdditionAmounts;
  drift: QuantityDrift | null;
}

/** Several live additions of the same product: none of them is changed. */
export interface ConflictChange {
  action: "conflict";
  productId: string | null;
  catalogItemId: number;
  /** Ascending. */
  additionIds: number[];
  desiredQuantity: number;
  reason: string;
}

/** Drift policy "keep": reported only, the hand-typed quantity is left as it is. */
export interface DriftChange {
  action: "drift";
  productId: string | null;
  catalogItemId: number;
  additionId: number;
  lastWritten: number;
  found: number;
  desiredQuantity: number;
}

export interface NoChange {
  action: "none";
  productId: string | null;
  catalogItemId: number;
  /** null when the product has no live addition and needs none. */
  additionId: number | null;
  quantity: number;
  /** The live addition's amounts, null when there is none. */
  current: AdditionAmounts | null;
  /** Set when the usage equals a quantity that was typed by hand (see the module comment). */
  drift: QuantityDrift | null;
}

export type PlannedChange =
  CreateChange | UpdateChange | CancelChange | ZeroChange | ConflictChange | DriftChange | NoChange;

export type PlannedAction = PlannedChange["action"];

export const plannedActions: readonly PlannedAction[] = [
  "create",
  "update",
  "cancel",
  "zero",
  "conflict",
  "drift",
  "none",
];

export interface PlanInput {
  desired: DesiredLine[];
  actual: LiveAddition[];
  lastWritten: LastWritten[];
  ownedCatalogItemIds: number[];
  policy: SyncPolicy;
  /** The planning day, YYYY-MM-DD: effective date of creates, cancelled date of cancels. */
  today: string;
  /** Overrides `today` as the effective date of creates (billing once per period: the period's first day). */
  effectiveDate?: string;
  /** Overrides `today` as the cancelled date of cancels (billing once per period: the period's last day). */
  cancelledDate?: string;
}

// Absorbs floating-point noise only (0.1 + 0.2); usage is compared exactly otherwise.
const quantityEpsilon = 1e-9;
// Prices are money: ConnectWise may round to cents, which must not cause an update every hour.
const priceTolerance = 0.005;

export function isSameQuantity(left: number, right: number): boolean {
  return Math.abs(left - right) <= quantityEpsilon * Math.max(1, Math.abs(left), Math.abs(right));
}

export function isSamePrice(left: number | null, right: number | null): boolean {
  if (left === null || right === null) return left === right;
  return Math.abs(left - right) < priceTolerance;
}

export function isLiveAddition(addition: Pick<LiveAddition, "cancelledDate">): boolean {
  const cancelledDate = addition.cancelledDate as string | null | undefined;
  return cancelledDate === null || cancelledDate === undefined || cancelledDate.trim() === "";
}

export function planAgreementChanges(input: PlanInput): PlannedChange[] {
  validatePlanInput(input);
  const { desired, actual, policy, today } = input;

  const desiredByCatalogItem = new Map(desired.map((line) => [line.catalogItemId, line]));
  const ownedCatalogItemIds = new Set([...input.ownedCatalogItemIds, ...desiredByCatalogItem.keys()]);
  const lastWrittenByAddition = new Map(input.lastWritten.map((entry) => [entry.additionId, entry]));

  const liveByCatalogItem = new Map<number, LiveAddition[]>();
  for (const addition of actual) {
    if (!ownedCatalogItemIds.has(addition.catalogItemId) || !isLiveAddition(addition)) continue;
    const group = liveByCatalogItem.get(addition.catalogItemId) ?? [];
    group.push(addition);
    liveByCatalogItem.set(addition.catalogItemId, group);
  }

  const plannedCatalogItemIds = new Set([...desiredByCatalogItem.keys(), ...liveByCatalogItem.keys()]);
  const plan: PlannedChange[] = [];
  for (const catalogItemId of plannedCatalogItemIds) {
    const live = (liveByCatalogItem.get(catalogItemId) ?? []).slice().sort((left, right) => left.id - right.id);
    plan.push(
      planProduct({
        catalogItemId,
        desiredLine: desiredByCatalogItem.get(catalogItemId) ?? null,
        live,
        lastWrittenByAddition,
        policy,
        effectiveDate: input.effectiveDate ?? today,
        cancelledDate: input.cancelledDate ?? today,
      }),
    );
  }
  return plan.sort(compareChanges);
}

interface ProductPlanInput {
  catalogItemId: number;
  desiredLine: DesiredLine | null;
  live: LiveAddition[];
  lastWrittenByAddition: Map<number, LastWritten>;
  policy: SyncPolicy;
  effectiveDate: string;
  cancelledDate: string;
}

function planProduct(input: ProductPlanInput): PlannedChange {
  const { catalogItemId, desiredLine, live, policy, effectiveDate, cancelledDate } = input;
  const productId = desiredLine?.productId ?? null;
  // A product that is no longer desired is planned exactly like one whose usage dropped to 0.
  const desiredQuantity = desiredLine?.quantity ?? 0;
  // The same tolerance as every other quantity comparison, so a usage of 1e-12 neither creates an
  // addition nor keeps one alive, and the next plan agrees with this one.
  const usageIsZero = isSameQuantity(desiredQuantity, 0);

  if (live.length > 1) {
    const additionIds = live.map((addition) => addition.id);
    return {
      action: "conflict",
      productId,
      catalogItemId,
      additionIds,
      desiredQuantity,
      reason:
        `${live.length} live additions of this product on the agreement (ids ${additionIds.join(", ")}); ` +
        "Billbridge changes none of them until only one is left.",
    };
  }

  if (live.length === 0) {
    if (desiredLine !== null && !usageIsZero) {
      return {
        action: "create",
        productId: desiredLine.productId,
        catalogItemId,
        quantity: desiredQuantity,
        unitPrice: policy.managePrice ? (desiredLine.unitPrice ?? null) : null,
        unitCost: policy.managePrice ? (desiredLine.unitCost ?? null) : null,
        description: desiredLine.description,
        ...(desiredLine.invoiceDescription === undefined ? {} : { invoiceDescription: desiredLine.invoiceDescription }),
        effectiveDate,
      };
    }
    return { action: "none", productId, catalogItemId, additionId: null, quantity: 0, current: null, drift: null };
  }

  const addition = live[0];
  const before = readAmounts(addition);
  const lastWritten = input.lastWrittenByAddition.get(addition.id);
  const drift =
    lastWritten !== undefined && !isSameQuantity(lastWritten.quantity, addition.quantity)
      ? { lastWritten: lastWritten.quantity, found: addition.quantity }
      : null;
  // Under "keep", only a write that would replace the hand-typed quantity is held back.
  const heldBackDrift =
    drift !== null && policy.drift === "keep" && !isSameQuantity(addition.quantity, desiredQuantity) ? drift : null;
  const unchanged: NoChange = {
    action: "none",
    productId,
    catalogItemId,
    additionId: addition.id,
    quantity: addition.quantity,
    current: before,
    drift,
  };
  const keepHandEdit = (handEdit: QuantityDrift): DriftChange => ({
    action: "drift",
    productId,
    catalogItemId,
    additionId: addition.id,
    lastWritten: handEdit.lastWritten,
    found: handEdit.found,
    desiredQuantity,
  });

  if (usageIsZero) {
    if (policy.removal === "zero" && isSameQuantity(addition.quantity, 0)) return unchanged;
    if (heldBackDrift !== null) return keepHandEdit(heldBackDrift);
    if (policy.removal === "cancel") {
      return {
        action: "cancel",
        productId,
        catalogItemId,
        additionId: addition.id,
        before,
        cancelledDate,
        drift,
      };
    }
    return {
      action: "zero",
      productId,
      catalogItemId,
      additionId: addition.id,
      before,
      after: { ...before, quantity: 0 },
      drift,
    };
  }

  // A non-zero usage implies a desired line, so the product id is known here.
  const line = desiredLine as DesiredLine;
  const after: AdditionAmounts = {
    quantity: desiredQuantity,
    unitPrice: policy.managePrice && line.unitPrice != null ? line.unitPrice : before.unitPrice,
    unitCost: policy.managePrice && line.unitCost != null ? line.unitCost : before.unitCost,
  };
  const needsUpdate =
    !isSameQuantity(before.quantity, after.quantity) ||
    !isSamePrice(before.unitPrice, after.unitPrice) ||
    !isSamePrice(before.unitCost, after.unitCost);
  if (!needsUpdate) return unchanged;
  if (heldBackDrift !== null) return keepHandEdit(heldBackDrift);
  return { action: "update", productId: line.productId, catalogItemId, additionId: addition.id, before, after, drift };
}

function readAmounts(addition: LiveAddition): AdditionAmounts {
  return { quantity: addition.quantity, unitPrice: addition.unitPrice, unitCost: addition.unitCost };
}

// Code-unit order rather than localeCompare, so the order never depends on the server's locale.
function compareChanges(left: PlannedChange, right: PlannedChange): number {
  if (left.productId !== right.productId) {
    if (left.productId === null) return 1;
    if (right.productId === null) return -1;
    return left.productId < right.productId ? -1 : 1;
  }
  return left.catalogItemId - right.catalogItemId;
}

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

// Bad input here is a bug in the caller; failing the run loudly beats writing a wrong plan.
function validatePlanInput(input: PlanInput): void {
  if (!isoDatePattern.test(input.today)) {
    throw new RangeError(`planAgreementChanges: today must be a YYYY-MM-DD date, got "${input.today}"`);
  }
  const productIds = new Set<string>();
  const catalogItemIds = new Set<number>();
  for (const line of input.desired) {
    if (productIds.has(line.productId)) {
      throw new RangeError(`planAgreementChanges: product ${line.productId} is desired twice`);
    }
    if (catalogItemIds.has(line.catalogItemId)) {
      throw new RangeError(`planAgreementChanges: catalog item ${line.catalogItemId} is desired by two products`);
    }
    if (!Number.isFinite(line.quantity) || line.quantity < 0) {
      throw new RangeError(
        `planAgreementChanges: product ${line.productId} has quantity ${line.quantity}; expected a finite number >= 0`,
      );
    }
    productIds.add(line.productId);
    catalogItemIds.add(line.catalogItemId);
  }
  const additionIds = new Set<number>();
  for (const addition of input.actual) {
    if (additionIds.has(addition.id)) {
      throw new RangeError(`planAgreementChanges: addition ${addition.id} was read twice`);
    }
    additionIds.add(addition.id);
  }
}

export type PlanSummary = Record<PlannedAction, number> & {
  /** Changes that write to ConnectWise: create, update, cancel, zero. */
  writes: number;
  /** Changes that found a hand-edited quantity, whether overwritten, kept or already matching. */
  driftDetected: number;
  /** Writes that overwrite a hand-edited quantity with the usage (drift corrected). */
  driftCorrected: number;
};

export function summarizePlan(plan: readonly PlannedChange[]): PlanSummary {
  const summary: PlanSummary = {
    create: 0,
    update: 0,
    cancel: 0,
    zero: 0,
    conflict: 0,
    drift: 0,
    none: 0,
    writes: 0,
    driftDetected: 0,
    driftCorrected: 0,
  };
  for (const change of plan) {
    summary[change.action] += 1;
    if (isWriteChange(change)) summary.writes += 1;
    if (change.action === "drift" || ("drift" in change && change.drift !== null)) summary.driftDetected += 1;
    if (isWriteChange(change) && "drift" in change && change.drift !== null) summary.driftCorrected += 1;
  }
  return summary;
}

export function isWriteChange(
  change: PlannedChange,
): change is CreateChange | UpdateChange | CancelChange | ZeroChange {
  return (
    change.action === "create" || change.action === "update" || change.action === "cancel" || change.action === "zero"
  );
}

/**
 * What to store as "last written" once `change` has been applied successfully; null means the stored
 * value stays as it is (cancelled additions are never planned again, so theirs is simply unused).
 * A `none` that noted drift adopts the found quantity: the agreement already shows the usage, and
 * reporting the same hand edit every hour would hide new ones.
 */
export function determineWrittenValues(change: PlannedChange, createdAdditionId?: number): LastWritten | null {
  switch (change.action) {
    case "create":
      if (createdAdditionId === undefined) {
        throw new RangeError(`determineWrittenValues: a create needs the id ConnectWise gave the new addition`);
      }
      return {
        additionId: createdAdditionId,
        quantity: change.quantity,
        unitPrice: change.unitPrice,
        unitCost: change.unitCost,
      };
    case "update":
    case "zero":
      return { additionId: change.additionId, ...change.after };
    case "none":
      if (change.drift === null || change.additionId === null || change.current === null) return null;
      return { additionId: change.additionId, ...change.current };
    case "cancel":
    case "conflict":
    case "drift":
      return null;
  }
}

/**
 * Applies a plan to an in-memory list of additions the way ConnectWise would, for tests and the
 * sandbox-based simulation. Returns a new list: existing additions keep their order, created ones
 * are appended in plan order with ids from `generateId`. Throws when the plan refers to an addition
 * that is not live in `actual`, because that plan was made from a different state.
 */
export function applyPlanToAdditions(
  actual: readonly LiveAddition[],
  plan: readonly PlannedChange[],
  generateId: () => number,
): LiveAddition[] {
  const additions = actual.map((addition) => ({ ...addition }));
  const findLive = (additionId: number): LiveAddition => {
    const addition = additions.find((candidate) => candidate.id === additionId);
    if (addition === undefined || !isLiveAddition(addition)) {
      throw new RangeError(`applyPlanToAdditions: addition ${additionId} is not live in the given list`);
    }
    return addition;
  };
  for (const change of plan) {
    switch (change.action) {
      case "create": {
        const id = generateId();
        if (additions.some((addition) => addition.id === id)) {
          throw new RangeError(`applyPlanToAdditions: generateId returned ${id}, which is already taken`);
        }
        additions.push({
          id,
          catalogItemId: change.catalogItemId,
          quantity: change.quantity,
          unitPrice: change.unitPrice,
          unitCost: change.unitCost,
          cancelledDate: null,
          effectiveDate: change.effectiveDate,
        });
        break;
      }
      case "update":
      case "zero":
        Object.assign(findLive(change.additionId), change.after);
        break;
      case "cancel":
        findLive(change.additionId).cancelledDate = change.cancelledDate;
        break;
      case "conflict":
      case "drift":
      case "none":
        break;
    }
  }
  return additions;
}
