import { z } from "zod";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-01-31")
  .optional()
  .or(z.literal("").transform(() => undefined));

/** The audit log's filters, as the page's search parameters and the export's input carry them. */
export const auditFilterSchema = z.object({
  kind: z
    .string()
    .regex(/^[a-z-]{1,40}$/)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  actorUserId: z
    .string()
    .max(200)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** First day included (UTC). */
  from: day,
  /** Last day included (UTC). */
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export type AuditFilterInput = z.input<typeof auditFilterSchema>;
