/**
 * The catalog settings Billbridge picks by itself after Apply, from the tenant's setup tables, so the
 * first publish needs no questions. The admin can change every choice afterwards on the Catalog tab.
 */
import type { CatalogSettings } from "@/db/schema";
import type { ConnectWiseLookup, ConnectWiseSubcategory } from "@/lib/connectwise";
import { buildCatalogSettings } from "./build-catalog-settings";

export const DEFAULT_IDENTIFIER_PREFIX = "SASE-";

const PREFERRED_CATEGORIES = ["Security", "Software", "Licenses", "Licensing"];
const PREFERRED_SUBCATEGORIES = [
  "SASE",
  "Security Licenses",
  "Licenses",
  "Software Licenses",
  "Subscriptions",
  "Security",
];
const PREFERRED_UNITS = ["Each", "User"];

export interface CatalogSetupTables {
  productTypes: readonly ConnectWiseLookup[];
  categories: readonly ConnectWiseLookup[];
  subcategories: readonly ConnectWiseSubcategory[];
  unitsOfMeasure: readonly ConnectWiseLookup[];
}

export type DefaultSettingsChoice = { ok: true; settings: CatalogSettings } | { ok: false; problem: string };

/** Rank: a preferred name by its place in the list, then the default-flagged record, then the rest by name. */
function rank<T extends ConnectWiseLookup>(records: readonly T[], preferred: readonly string[]): T[] {
  const score = (record: T) => {
    const index = preferred.findIndex((name) => name.toLowerCase() === record.name.trim().toLowerCase());
    if (index >= 0) return index;
    return record.isDefault ? preferred.length : preferred.length + 1;
  };
  return records
    .filter((record) => !record.inactive)
    .slice()
    .sort((a, b) => score(a) - score(b) || a.name.localeCompare(b.name) || a.id - b.id);
}

export const missingCategoryProblem =
  "ConnectWise has no active product category with an active subcategory, and every catalog item needs one. " +
  "Create one in ConnectWise (System › Setup Tables › Product Category, then add a subcategory to it), then choose it here.";

export const missingProductTypeProblem =
  "ConnectWise has no active product type, and every catalog item needs one. Create one in ConnectWise (System › Setup Tables › Product Type), then choose it here.";

export function chooseDefaultCatalogSettings(tables: CatalogSetupTables): DefaultSettingsChoice {
  const productType = rank(tables.productTypes, [])[0];
  if (!productType) return { ok: false, problem: missingProductTypeProblem };
  let category: ConnectWiseLookup | undefined;
  let subcategory: ConnectWiseSubcategory | undefined;
  for (const candidate of rank(tables.categories, PREFERRED_CATEGORIES)) {
    const own = tables.subcategories.filter((sub) => sub.categoryId === candidate.id);
    const best = rank(own, PREFERRED_SUBCATEGORIES)[0];
    if (best) {
      category = candidate;
      subcategory = best;
      break;
    }
  }
  if (!category || !subcategory) return { ok: false, problem: missingCategoryProblem };
  const unit = rank(tables.unitsOfMeasure, PREFERRED_UNITS)[0] ?? null;
  return {
    ok: true,
    settings: buildCatalogSettings(
      { productType, category, subcategory, unit },
      { identifierPrefix: DEFAULT_IDENTIFIER_PREFIX, pricePolicy: { kind: "suggested" }, taxable: false },
    ),
  };
}
