import { z } from "zod";

export const approvalPolicySchema = z.object({
  holdDecreases: z.boolean(),
  /** Hold increases of more than this percentage; null: increases apply at once. */
  holdIncreasesAbovePercent: z.number().int("A whole percentage").min(0).max(10_000).nullable(),
  holdNewLines: z.boolean(),
  holdCancellations: z.boolean(),
});

export const approvalDecisionSchema = z.object({
  ids: z.array(z.uuid()).min(1, "Select at least one change").max(1_000),
  decision: z.enum(["approve", "reject"]),
  /** Approve and queue a sync of the organizations concerned now, instead of waiting for the next run. */
  syncNow: z.boolean().default(false),
});
