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
  /** The page of lines shown (the CSV carries every line matching the filters). */
  page: z.coerce.number().int().min(1).max(100_000).optional(),
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

/** The addresses of a recipients field: split at commas, semicolons or spaces, each once. */
export function splitRecipients(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
}

const isEmail = (address: string) => z.email().safeParse(address).success;

/** The monthly report email's settings form: recipients as typed (one text field). */
export const reportScheduleFormSchema = z
  .object({
    enabled: z.boolean(),
    recipients: z
      .string()
      .trim()
      .max(2000, "At most 2,000 characters.")
      .refine((text) => splitRecipients(text).every(isEmail), "Enter valid email addresses, separated by commas.")
      .refine((text) => splitRecipients(text).length <= 20, "At most 20 recipients."),
    dayOfMonth: z
      .number("Choose a day from 1 to 28.")
      .int("Choose a day from 1 to 28.")
      .min(1, "Choose a day from 1 to 28.")
      .max(28, "Choose a day from 1 to 28."),
  })
  .strict()
  .refine((value) => !value.enabled || splitRecipients(value.recipients).length > 0, {
    message: "Enter at least one email address to send the report to.",
    path: ["recipients"],
  });

export type ReportScheduleInput = z.input<typeof reportScheduleFormSchema>;

/** The action's schema: the form's, with the recipients as a list. */
export const reportScheduleSchema = reportScheduleFormSchema.transform((value) => ({
  ...value,
  recipients: splitRecipients(value.recipients),
}));

/** "Send now": the last complete month to the saved recipients. */
export const sendReportNowSchema = z.object({}).strict();
