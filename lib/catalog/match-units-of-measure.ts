/**
 * Which ConnectWise unit of measure a product's unit (user, gateway, gateway pair…) is counted in.
 * Pure. "user" matches "User", "Users" and "Per user"; a unit ConnectWise does not have is left for
 * the admin to choose or create on the Catalog tab, and falls back to the settings' default unit.
 */
import type { ConnectWiseLookup } from "@/lib/connectwise";

/** The key a product unit is stored under in the catalog settings: trimmed, lower-case, single spaces. */
export function productUnitKey(unit: string): string {
  return unit.trim().toLowerCase().replace(/\s+/g, " ");
}

/** The name and its possible singulars: "licenses" → licenses, license, licens; "boxes" → box; "batteries" → battery. */
function comparableForms(name: string): Set<string> {
  const key = productUnitKey(name).replace(/^per /, "");
  const forms = new Set([key]);
  if (key.endsWith("ies")) forms.add(`${key.slice(0, -3)}y`);
  if (key.endsWith("es")) forms.add(key.slice(0, -2));
  if (key.endsWith("s") && !key.endsWith("ss")) forms.add(key.slice(0, -1));
  forms.delete("");
  return forms;
}

/** The active ConnectWise unit with the product unit's name (singular or plural), or null. */
export function matchUnitOfMeasure<T extends ConnectWiseLookup>(productUnit: string, units: readonly T[]): T | null {
  const wanted = comparableForms(productUnit);
  if (wanted.size === 0) return null;
  return (
    units.find((unit) => !unit.inactive && [...comparableForms(unit.name)].some((form) => wanted.has(form))) ?? null
  );
}

/** The name to create a missing unit under in ConnectWise: "gateway pair" → "Gateway pair" (at most 50 characters). */
export function describeUnitOfMeasureName(productUnit: string): string {
  const key = productUnitKey(productUnit);
  return (key.charAt(0).toUpperCase() + key.slice(1)).slice(0, 50);
}

/** Matches every distinct product unit; the ones ConnectWise lacks are left out. */
export function matchProductUnits(
  productUnits: readonly string[],
  units: readonly ConnectWiseLookup[],
): Record<string, { id: number; name: string }> {
  const matched: Record<string, { id: number; name: string }> = {};
  for (const productUnit of new Set(productUnits.map(productUnitKey))) {
    const unit = matchUnitOfMeasure(productUnit, units);
    if (unit) matched[productUnit] = { id: unit.id, name: unit.name };
  }
  return matched;
}
