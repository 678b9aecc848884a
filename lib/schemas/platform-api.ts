/**
 * The platform API's contract as zod schemas: route handlers parse requests with these, and the
 * OpenAPI document (lib/platform-api/openapi-document.ts) is generated from the same objects, so the
 * two cannot drift. Request objects are strict: an unknown field is a validation error (422).
 */
import "zod-openapi";
import { z } from "zod";

export const maxBatchOrganizations = 10_000;
export const maxQuantity = 1_000_000_000;
const maxMoney = 9_999_999_999.99;

export const skuSchema = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "A SKU is letters, digits, '.', '_' and '-', starting with a letter or digit")
  .meta({ description: "The product's SKU, unique in the workspace.", example: "SASE-PRO-USER" });

export const externalIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "An external id is letters, digits, '.', '_', ':' and '-'")
  .meta({ description: "The organization's id on the platform, unique in the workspace.", example: "org-1001" });

const moneySchema = z
  .number()
  .min(0)
  .max(maxMoney)
  .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, "At most 2 decimal places");

const timestampSchema = z.iso.datetime({ offset: true }).meta({ example: "2026-12-03T12:00:00Z" });

export const quantitiesSchema = z.record(skuSchema, z.number().int().min(0).max(maxQuantity)).meta({
  id: "Quantities",
  description: "Usage per SKU: a full snapshot. SKUs not listed have a quantity of 0.",
  example: { "SASE-PRO-USER": 42, "GW-DEDICATED": 2 },
});

// ---- products ----

export const productInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(1000).optional().meta({ description: "Defaults to an empty text." }),
    unit: z.string().trim().min(1).max(50).meta({ example: "user" }),
    unitPrice: moneySchema.meta({ description: "Suggested price per unit per month." }),
    unitCost: moneySchema.optional().meta({ description: "The MSP's cost per unit per month; defaults to 0." }),
    active: z.boolean().optional().meta({ description: "Defaults to true. Inactive products are not billed." }),
  })
  .meta({ id: "ProductInput" });

export const productSchema = z
  .object({
    sku: skuSchema,
    name: z.string(),
    description: z.string(),
    unit: z.string(),
    unitPrice: z.number(),
    unitCost: z.number(),
    active: z.boolean(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: "Product" });

export const productListSchema = z.object({ products: z.array(productSchema) }).meta({ id: "ProductList" });

// ---- organizations ----

export const organizationInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    status: z.enum(["active", "suspended"]),
  })
  .meta({ id: "OrganizationInput" });

export const mappingStateSchema = z
  .object({
    companyName: z.string().nullable(),
    agreementName: z.string().nullable(),
    syncEnabled: z.boolean(),
    lastRun: z
      .object({
        state: z.enum(["queued", "running", "succeeded", "failed"]),
        finishedAt: timestampSchema.nullable(),
      })
      .nullable(),
  })
  .meta({ id: "MappingState", description: "The organization's ConnectWise mapping, or null when unmapped." });

export const organizationSchema = z
  .object({
    externalId: externalIdSchema,
    name: z.string(),
    status: z.enum(["active", "suspended"]),
    usage: z.object({
      asOf: timestampSchema.nullable().meta({ description: "asOf of the newest snapshot applied." }),
      reportedAt: timestampSchema.nullable().meta({ description: "When usage was last reported." }),
      quantities: quantitiesSchema,
    }),
    mapping: mappingStateSchema.nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: "Organization" });

export const organizationListSchema = z
  .object({
    organizations: z.array(organizationSchema),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last." }),
  })
  .meta({ id: "OrganizationList" });

export const organizationListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: "Page size (1–200, default 50)." }),
  cursor: z.string().max(400).optional().meta({ description: "The `nextCursor` of the previous page." }),
});

// ---- usage ----

export const usageSnapshotInputSchema = z
  .strictObject({
    asOf: timestampSchema.meta({ description: "When the platform measured this usage." }),
    quantities: quantitiesSchema,
  })
  .meta({ id: "UsageSnapshot" });

export const usageResultSchema = z
  .object({
    applied: z.boolean(),
    reason: z
      .enum(["stale", "unchanged"])
      .optional()
      .meta({ description: "Why nothing was applied: an older snapshot than the newest stored, or the same usage." }),
  })
  .meta({ id: "UsageResult" });

export const usageBatchInputSchema = z
  .strictObject({
    asOf: timestampSchema,
    organizations: z
      .array(z.strictObject({ externalId: externalIdSchema, quantities: quantitiesSchema }))
      .min(1)
      .max(maxBatchOrganizations),
  })
  .meta({ id: "UsageBatch" });

export const usageBatchResultSchema = z
  .object({
    applied: z.number().int().meta({ description: "Organizations whose usage changed." }),
    unchanged: z.number().int(),
    stale: z.number().int(),
  })
  .meta({ id: "UsageBatchResult" });

// ---- errors ----

export const problemSchema = z
  .object({
    type: z.string().meta({ example: "https://billbridge.example/problems/validation" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z
      .array(
        z.object({
          path: z.string().meta({ description: "Where in the request, e.g. `organizations.3.quantities.SKU-X`." }),
          message: z.string(),
          index: z.number().int().optional().meta({ description: "Index of the organization in a batch." }),
          externalId: z.string().optional(),
        }),
      )
      .optional(),
  })
  .meta({ id: "Problem", description: "An RFC 9457 problem document." });

export type ProductInput = z.output<typeof productInputSchema>;
export type OrganizationInput = z.output<typeof organizationInputSchema>;
export type UsageSnapshotInput = z.output<typeof usageSnapshotInputSchema>;
export type UsageBatchInput = z.output<typeof usageBatchInputSchema>;
export type ProductBody = z.input<typeof productSchema>;
export type OrganizationBody = z.input<typeof organizationSchema>;

// ---- console forms ----

export const apiTokenScopes = ["read", "write"] as const;

export const createApiTokenSchema = z.strictObject({
  name: z.string().trim().min(1, "Give the token a name").max(100),
  scopes: z.array(z.enum(apiTokenScopes)).min(1, "Choose at least one scope"),
});

export const revokeApiTokenSchema = z.strictObject({ tokenId: z.uuid() });

export const offboardingSchema = z.strictObject({ offboardingAdditions: z.enum(["cancel", "leave"]) });
