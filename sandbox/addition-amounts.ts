// Server-computed amounts of an agreement addition (REFERENCE §5.3): billed quantity floors at zero,
// extended price and cost use the full quantity, margin is their difference.
import { MONEY_DECIMALS } from "./choices";

export interface AdditionAmounts {
  billedQuantity: number;
  extPrice: number;
  extCost: number;
  margin: number;
}

function roundMoney(value: number): number {
  const factor = 10 ** MONEY_DECIMALS;
  return Math.round((value + Number.EPSILON) * factor) / factor;
}

export function computeAdditionAmounts(addition: {
  quantity?: unknown;
  lessIncluded?: unknown;
  unitPrice?: unknown;
  unitCost?: unknown;
}): AdditionAmounts {
  const quantity = typeof addition.quantity === "number" ? addition.quantity : 0;
  const lessIncluded = typeof addition.lessIncluded === "number" ? addition.lessIncluded : 0;
  const unitPrice = typeof addition.unitPrice === "number" ? addition.unitPrice : 0;
  const unitCost = typeof addition.unitCost === "number" ? addition.unitCost : 0;
  const extPrice = roundMoney(quantity * unitPrice);
  const extCost = roundMoney(quantity * unitCost);
  return {
    billedQuantity: Math.max(0, quantity - lessIncluded),
    extPrice,
    extCost,
    margin: roundMoney(extPrice - extCost),
  };
}
