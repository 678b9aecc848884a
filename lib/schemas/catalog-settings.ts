/**
 * The catalog settings form, shared by the editor (react-hook-form) and the server action. No server
 * imports here: the browser bundles it.
 */
import { z } from "zod";

const lookupId = (what: string) => z.number(`Choose a ${what}`).int(`Choose a ${what}`).positive(`Choose a ${what}`);

export const catalogSettingsFormSchema = z
  .object({
    productTypeId: lookupId("product type"),
    categoryId: lookupId("category"),
    subcategoryId: lookupId("subcategory"),
    unitOfMeasureId: lookupId("unit of measure").nullable(),
    identifierPrefix: z
      .string()
      .trim()
      .max(20, "Use at most 20 characters")
      .regex(/^[A-Za-z0-9._-]*$/, "Use letters, digits, dots, dashes and underscores only"),
    pricePolicy: z.enum(["suggested", "markup"]),
    markupPercent: z.number("Enter a percentage").min(0, "Use 0 or more").max(1000, "Use at most 1000").nullable(),
    taxable: z.boolean(),
  })
  .refine((values) => values.pricePolicy !== "markup" || values.markupPercent !== null, {
    path: ["markupPercent"],
    message: "Enter the markup percentage",
  });

export type CatalogSettingsForm = z.infer<typeof catalogSettingsFormSchema>;

export const catalogFieldHelp = {
  productTypeId: "ConnectWise's product type for every published item.",
  categoryId: "The product category the items are filed under.",
  subcategoryId: "A subcategory of the chosen category; ConnectWise requires one.",
  unitOfMeasureId: "How quantities are counted on invoices.",
  identifierPrefix:
    "Put before each SKU to form the ConnectWise product ID, so our items never collide with yours. Changing it renames the items.",
  pricePolicy: "The price of each item in the catalog (agreement additions use it as their default).",
  taxable: "Mark the items taxable in ConnectWise.",
} as const;
