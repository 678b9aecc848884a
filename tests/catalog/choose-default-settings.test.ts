import { describe, expect, it } from "vitest";
import {
  chooseDefaultCatalogSettings,
  missingCategoryProblem,
  missingProductTypeProblem,
} from "@/lib/catalog/choose-default-settings";

const lookup = (id: number, name: string, extra: { inactive?: boolean; isDefault?: boolean } = {}) => ({
  id,
  name,
  inactive: false,
  isDefault: false,
  ...extra,
});
const sub = (
  id: number,
  name: string,
  categoryId: number,
  extra: { inactive?: boolean; isDefault?: boolean } = {},
) => ({ ...lookup(id, name, extra), categoryId });

describe("chooseDefaultCatalogSettings", () => {
  const tables = {
    productTypes: [
      lookup(1, "Inventory"),
      lookup(2, "Non-Inventory", { isDefault: true }),
      lookup(3, "Retired", { inactive: true }),
    ],
    categories: [lookup(10, "Hardware", { isDefault: true }), lookup(11, "Software"), lookup(12, "Security")],
    subcategories: [
      sub(20, "Laptops", 10),
      sub(21, "Licenses", 11),
      sub(22, "Endpoint Protection", 12),
      sub(23, "SASE", 12),
    ],
    unitsOfMeasure: [lookup(30, "Hour"), lookup(31, "User"), lookup(32, "Each", { isDefault: true })],
  };

  it("prefers security and licensing names, the default product type, and Each", () => {
    const choice = chooseDefaultCatalogSettings(tables, ["user", "gateway"]);
    expect(choice).toEqual({
      ok: true,
      settings: {
        productTypeId: 2,
        productTypeName: "Non-Inventory",
        categoryId: 12,
        categoryName: "Security",
        subcategoryId: 23,
        subcategoryName: "SASE",
        unitOfMeasureId: 32,
        unitOfMeasureName: "Each",
        unitsByProductUnit: { user: { id: 31, name: "User" } },
        identifierPrefix: "SASE-",
        pricePolicy: { kind: "suggested" },
        taxable: false,
      },
    });
  });

  it("skips a preferred category without an active subcategory and falls back to the default-flagged one", () => {
    const choice = chooseDefaultCatalogSettings({
      ...tables,
      categories: [lookup(10, "Hardware", { isDefault: true }), lookup(12, "Security"), lookup(13, "Misc")],
      subcategories: [sub(20, "Laptops", 10), sub(23, "SASE", 12, { inactive: true })],
    });
    expect(choice).toMatchObject({ ok: true, settings: { categoryName: "Hardware", subcategoryName: "Laptops" } });
  });

  it("takes the first active records when nothing is preferred or flagged", () => {
    const choice = chooseDefaultCatalogSettings({
      productTypes: [lookup(5, "Zeta"), lookup(4, "Alpha")],
      categories: [lookup(10, "Widgets")],
      subcategories: [sub(21, "Blue", 10), sub(20, "Amber", 10)],
      unitsOfMeasure: [],
    });
    expect(choice).toMatchObject({
      ok: true,
      settings: { productTypeName: "Alpha", subcategoryName: "Amber", unitOfMeasureId: null },
    });
  });

  it("says what to do when no category has a usable subcategory, or no product type exists", () => {
    expect(chooseDefaultCatalogSettings({ ...tables, subcategories: [] })).toEqual({
      ok: false,
      problem: missingCategoryProblem,
    });
    expect(
      chooseDefaultCatalogSettings({ ...tables, productTypes: [lookup(3, "Retired", { inactive: true })] }),
    ).toEqual({ ok: false, problem: missingProductTypeProblem });
  });
});
