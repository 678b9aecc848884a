import { z } from "zod";

export const countBasisSchema = z.enum(["current", "peak", "last-day"]);
export const billingTimingSchema = z.enum(["immediate", "period-end"]);

export const billingPolicySchema = z.object({ countBasis: countBasisSchema, timing: billingTimingSchema });

/** A null field follows the workspace's policy. */
export const mappingBillingPolicySchema = z.object({
  organizationId: z.uuid(),
  countBasis: countBasisSchema.nullable(),
  timing: billingTimingSchema.nullable(),
});

export const countBasisLabels: Record<z.infer<typeof countBasisSchema>, string> = {
  current: "Current usage",
  peak: "Peak of the billing period",
  "last-day": "Usage on the period's last day",
};

export const billingTimingLabels: Record<z.infer<typeof billingTimingSchema>, string> = {
  immediate: "At once (every sync)",
  "period-end": "Once per period, at its end",
};
