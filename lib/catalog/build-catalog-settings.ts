import type { CatalogSettings } from "@/db/schema";

interface ChosenRecord {
  id: number;
  name: string;
}

/** The stored catalog settings from the chosen setup-table records (their ids and names) and the admin's choices. */
export function buildCatalogSettings(
  records: { productType: ChosenRecord; category: ChosenRecord; subcategory: ChosenRecord; unit: ChosenRecord | null },
  choices: Pick<CatalogSettings, "identifierPrefix" | "pricePolicy" | "taxable">,
): CatalogSettings {
  return {
    productTypeId: records.productType.id,
    productTypeName: records.productType.name,
    categoryId: records.category.id,
    categoryName: records.category.name,
    subcategoryId: records.subcategory.id,
    subcategoryName: records.subcategory.name,
    unitOfMeasureId: records.unit?.id ?? null,
    unitOfMeasureName: records.unit?.name ?? null,
    ...choices,
  };
}
