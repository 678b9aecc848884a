/**
 * One readable line per change, for the run details page and the Preview: the same shape whether the
 * change was only planned (a dry run) or recorded by a run. Pure.
 */
import type { SyncChange } from "@/db/schema";
import type { PlannedChange } from "./plan-agreement-changes";

export interface ChangeAmounts {
  quantity: number | null;
  unitPrice: number | null;
  unitCost: number | null;
}

export interface ChangeLine {
  productName: string;
  action: string;
  /** The addition(s) concerned; several for a conflict, none for a create not yet made. */
  additionIds: number[];
  before: ChangeAmounts | null;
  after: ChangeAmounts | null;
  drift: { lastWritten: number; found: number } | null;
  result: "planned" | "applied" | "failed" | "skipped" | "held" | "rejected";
  message: string | null;
}

export const actionLabels: Record<string, string> = {
  create: "Create",
  update: "Update",
  cancel: "Cancel",
  zero: "Set to 0",
  conflict: "Conflict",
  drift: "Drift kept",
  none: "No change",
};

function readAmounts(value: Record<string, unknown> | null | undefined): ChangeAmounts | null {
  if (!value || !("quantity" in value)) return null;
  const number = (field: unknown) =>
    typeof field === "number" ? field : field === null || field === undefined ? null : Number(field);
  return { quantity: number(value.quantity), unitPrice: number(value.unitPrice), unitCost: number(value.unitCost) };
}

export function nameProduct(
  productId: string | null,
  catalogItemId: number | null,
  names: { byProduct: Record<string, string>; byCatalogItem: Record<number, string> },
): string {
  if (productId !== null && names.byProduct[productId]) return names.byProduct[productId]!;
  if (catalogItemId !== null && names.byCatalogItem[catalogItemId]) return names.byCatalogItem[catalogItemId]!;
  return catalogItemId === null ? "Unknown product" : `Catalog item ${catalogItemId}`;
}

export function describePlannedChange(
  change: PlannedChange,
  names: { byProduct: Record<string, string>; byCatalogItem: Record<number, string> },
): ChangeLine {
  const productName = nameProduct(change.productId, change.catalogItemId, names);
  const line = { productName, action: change.action, result: "planned" as const };
  switch (change.action) {
    case "create":
      return {
        ...line,
        additionIds: [],
        before: null,
        after: { quantity: change.quantity, unitPrice: change.unitPrice, unitCost: change.unitCost },
        drift: null,
        message: null,
      };
    case "update":
    case "zero":
      return {
        ...line,
        additionIds: [change.additionId],
        before: change.before,
        after: change.after,
        drift: change.drift,
        message: null,
      };
    case "cancel":
      return {
        ...line,
        additionIds: [change.additionId],
        before: change.before,
        after: null,
        drift: change.drift,
        message: `Cancelled as of ${change.cancelledDate}`,
      };
    case "conflict":
      return {
        ...line,
        additionIds: change.additionIds,
        before: null,
        after: { quantity: change.desiredQuantity, unitPrice: null, unitCost: null },
        drift: null,
        message: change.reason,
      };
    case "drift":
      return {
        ...line,
        additionIds: [change.additionId],
        before: { quantity: change.found, unitPrice: null, unitCost: null },
        after: { quantity: change.desiredQuantity, unitPrice: null, unitCost: null },
        drift: { lastWritten: change.lastWritten, found: change.found },
        message: "Changed by hand in ConnectWise; the drift policy keeps the hand-typed quantity.",
      };
    case "none":
      return {
        ...line,
        additionIds: change.additionId === null ? [] : [change.additionId],
        before: change.current,
        after: change.current ?? { quantity: 0, unitPrice: null, unitCost: null },
        drift: change.drift,
        message: null,
      };
  }
}

export function describeRecordedChange(
  change: Pick<
    SyncChange,
    "productId" | "catalogItemId" | "action" | "additionId" | "before" | "after" | "drift" | "result" | "message"
  >,
  names: { byProduct: Record<string, string>; byCatalogItem: Record<number, string> },
): ChangeLine {
  const before = change.before as Record<string, unknown> | null;
  const additionIds =
    change.action === "conflict" && before && Array.isArray(before.additionIds)
      ? (before.additionIds as number[])
      : change.additionId === null
        ? []
        : [change.additionId];
  return {
    productName: nameProduct(change.productId, change.catalogItemId, names),
    action: change.action,
    additionIds,
    before: readAmounts(before),
    after: change.action === "cancel" ? null : readAmounts(change.after as Record<string, unknown> | null),
    drift: change.drift ?? null,
    result: change.result,
    message: change.message,
  };
}
