/**
 * Which additions on an agreement belong to one organization (the ownership model of shared
 * agreements, README "Shared agreements"). Pure: the run passes what it read from ConnectWise and the
 * addition ledger, and gives the planner only the additions this organization owns, so a sync never
 * changes a line another organization (or a person) owns.
 *
 * An addition of one of our catalog items is this organization's when:
 * 1. the ledger says this mapping wrote or adopted it; or, when no mapping's ledger names it,
 * 2. it carries this organization's label (invoice description) and no other organization on the
 *    agreement has the same label — a line this organization created whose answer was lost; or
 * 3. this run itself sent a create of that catalog item whose outcome is unknown, and the addition
 *    was not there when the run first read the agreement (the agreement lock keeps other
 *    Billbridge writers away meanwhile); or
 * 4. this mapping is the only enabled mapping on the agreement and the addition does not carry the
 *    label of another organization mapped to the agreement (adopting a line typed by hand).
 * Every other addition of our catalog items is left alone and reported as `ignored`.
 */
import { isLiveAddition, type LiveAddition } from "./plan-agreement-changes";

export interface AdditionOnAgreement extends LiveAddition {
  invoiceDescription: string | null;
}

export type IgnoredReason = "other-organization" | "unowned-on-shared-agreement";

export interface IgnoredAddition {
  additionId: number;
  catalogItemId: number;
  reason: IgnoredReason;
}

export interface OwnershipInput {
  additions: readonly AdditionOnAgreement[];
  /** Catalog items of our products: additions of any other item are never ours. */
  catalogItemIds: ReadonlySet<number>;
  /** Additions in this mapping's ledger. */
  ownAdditionIds: ReadonlySet<number>;
  /** Additions in the ledger of any other mapping of the workspace. */
  otherOwnedAdditionIds: ReadonlySet<number>;
  /** The label (invoice description) this organization's line of each catalog item carries. */
  labels: ReadonlyMap<number, string>;
  /** Labels of the other organizations mapped to the agreement (enabled or not). */
  otherLabels: ReadonlySet<string>;
  /** True when this mapping is the only enabled mapping on the agreement. */
  soleEnabledMapping: boolean;
  /** Creates this run sent whose outcome is unknown: catalog item → the addition ids read before sending it. */
  unknownCreates: ReadonlyMap<number, ReadonlySet<number>>;
}

export interface OwnershipResult {
  /** This organization's additions (live and cancelled), for the planner. */
  owned: LiveAddition[];
  /** Ids of owned additions that no ledger named yet (adopted by rule 2, 3 or 4). */
  adopted: number[];
  /** Live additions of our catalog items that are not this organization's. */
  ignored: IgnoredAddition[];
}

export function selectOwnedAdditions(input: OwnershipInput): OwnershipResult {
  const owned: LiveAddition[] = [];
  const adopted: number[] = [];
  const ignored: IgnoredAddition[] = [];
  for (const addition of input.additions) {
    if (!input.catalogItemIds.has(addition.catalogItemId) && !input.ownAdditionIds.has(addition.id)) continue;
    const { invoiceDescription, ...live } = addition;
    if (input.ownAdditionIds.has(addition.id)) {
      owned.push(live);
      continue;
    }
    // Cancelled lines nobody's ledger names are history; they are never planned, so never claimed.
    if (!isLiveAddition(addition)) continue;
    if (input.otherOwnedAdditionIds.has(addition.id)) {
      ignored.push({ additionId: addition.id, catalogItemId: addition.catalogItemId, reason: "other-organization" });
      continue;
    }
    const label = input.labels.get(addition.catalogItemId);
    const labelledOurs = label !== undefined && invoiceDescription === label && !input.otherLabels.has(label);
    const labelledOther = invoiceDescription !== null && input.otherLabels.has(invoiceDescription);
    const readBeforeCreate = input.unknownCreates.get(addition.catalogItemId);
    const createdByThisRun = readBeforeCreate !== undefined && !readBeforeCreate.has(addition.id) && !labelledOther;
    const soleAdoption = input.soleEnabledMapping && !labelledOther;
    if (labelledOurs || createdByThisRun || soleAdoption) {
      owned.push(live);
      adopted.push(addition.id);
      continue;
    }
    ignored.push({
      additionId: addition.id,
      catalogItemId: addition.catalogItemId,
      reason: labelledOther ? "other-organization" : "unowned-on-shared-agreement",
    });
  }
  return { owned, adopted, ignored };
}

/** ConnectWise's invoice description of an organization's line: the product, then the organization. */
export function labelAddition(productName: string, organizationName: string): string {
  return `${productName.trim()} — ${organizationName.trim()}`;
}
