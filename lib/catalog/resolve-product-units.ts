/**
 * The catalog settings' units of measure per product unit: the editor's rows (one per distinct product
 * unit), and on save each row checked against ConnectWise's active units or created there.
 */
import type { CatalogSettings } from "@/db/schema";
import {
  isConnectWiseError,
  MissingPermissionError,
  type ConnectWiseClient,
  type ConnectWiseLookup,
} from "@/lib/connectwise";
import { SafeError } from "@/lib/errors";
import type { CatalogSettingsForm } from "@/lib/schemas/catalog-settings";
import { matchUnitOfMeasure, productUnitKey } from "./match-units-of-measure";

/** One editor row per distinct product unit, with the unit the settings hold for it (or none yet). */
export function listProductUnitChoices(
  settings: CatalogSettings,
  productUnits: readonly string[],
): NonNullable<CatalogSettingsForm["productUnits"]> {
  const keys = [...new Set(productUnits.map(productUnitKey))].filter(Boolean).sort();
  return keys.map((productUnit) => ({
    productUnit,
    unitOfMeasureId: settings.unitsByProductUnit?.[productUnit]?.id ?? null,
    createName: null,
  }));
}

/**
 * Resolves the editor's rows: a chosen unit must be an active one; a unit to create is created in
 * ConnectWise unless one of that name exists already (then that one is used).
 */
export async function resolveProductUnits(
  client: ConnectWiseClient,
  rows: NonNullable<CatalogSettingsForm["productUnits"]>,
  activeUnits: ReadonlyArray<Pick<ConnectWiseLookup, "id" | "name">>,
): Promise<Record<string, { id: number; name: string }>> {
  const resolved: Record<string, { id: number; name: string }> = {};
  const known = activeUnits.map((unit) => ({ ...unit, inactive: false, isDefault: false }));
  for (const [index, row] of rows.entries()) {
    const key = productUnitKey(row.productUnit);
    if (row.createName) {
      const existing = matchUnitOfMeasure(row.createName, known);
      if (existing) {
        resolved[key] = { id: existing.id, name: existing.name };
        continue;
      }
      try {
        const created = await client.createUnitOfMeasure(row.createName);
        known.push({ ...created, inactive: false, isDefault: false });
        resolved[key] = { id: created.id, name: created.name };
      } catch (error) {
        const field = `productUnits.${index}.createName`;
        if (error instanceof MissingPermissionError) {
          const message = `ConnectWise refused to create the unit "${row.createName}": the API member lacks ${error.permission ?? "System › Table Setup › Add"}. Grant it, or choose an existing unit.`;
          throw new SafeError(message, error.code, { [field]: message });
        }
        if (isConnectWiseError(error)) throw new SafeError(error.message, error.code, { [field]: error.message });
        throw error;
      }
      continue;
    }
    if (row.unitOfMeasureId === null) continue;
    const unit = activeUnits.find((candidate) => candidate.id === row.unitOfMeasureId);
    if (!unit) {
      const message = "That unit of measure is not an active one in ConnectWise. Choose another.";
      throw new SafeError("Some fields need attention.", "invalid", {
        [`productUnits.${index}.createName`]: message,
      });
    }
    resolved[key] = { id: unit.id, name: unit.name };
  }
  return resolved;
}
