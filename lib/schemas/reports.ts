import { z } from "zod";

export const reconciliationStatuses = [
  "in-step",
  "under-billed",
  "over-billed",
  "unmapped-with-usage",
  "sync-off-with-usage",
  "agreement-cancelled",
  "drift-corrected",
] as const;

/** The report's month and filters, as the page's query string and the CSV link carry them. */
export const reconciliationQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Month as YYYY-MM")
    .optional(),
  status: z.enum(reconciliationStatuses).optional(),
  q: z.string().trim().max(200).optional(),
});

export type ReconciliationQuery = z.infer<typeof reconciliationQuerySchema>;

/** GET /api/v1/reports/reconciliation: the month (default this month) and JSON or CSV. */
export const reconciliationApiQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Month as YYYY-MM")
    .optional()
    .meta({ description: "The month, YYYY-MM (UTC). Default: the running month.", example: "2026-11" }),
  format: z.enum(["json", "csv"]).optional().meta({ description: "`csv` answers text/csv, the page's export." }),
});

export const reconciliationLineSchema = z
  .object({
    organizationId: z.uuid(),
    organizationName: z.string(),
    productId: z.uuid(),
    productName: z.string(),
    productSku: z.string(),
    agreementName: z.string().nullable(),
    countBasis: z.string().meta({ description: "current, peak or last-day" }),
    platformQuantity: z.number().meta({ description: "Platform usage on the month's count basis." }),
    connectWiseQuantity: z.number().nullable().meta({ description: "On the ConnectWise addition, as last read." }),
    writtenQuantity: z.number().nullable().meta({ description: "What Billbridge last wrote." }),
    difference: z.number().meta({ description: "Platform minus ConnectWise; positive is under-billing." }),
    unitPriceCents: z.number().int(),
    moneyCents: z.number().int().meta({ description: "Difference × unit price, in cents." }),
    status: z.enum(reconciliationStatuses),
  })
  .meta({ id: "ReconciliationLine" });

export const reconciliationReportSchema = z
  .object({
    month: z.string(),
    underBilledCents: z.number().int(),
    overBilledCents: z.number().int(),
    lines: z.array(reconciliationLineSchema).meta({ description: "Largest money impact first." }),
  })
  .meta({ id: "ReconciliationReport" });
