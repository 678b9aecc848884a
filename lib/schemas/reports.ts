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
