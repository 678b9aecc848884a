import { z } from "zod";
import { verifyIntervalHoursRange } from "@/lib/sync/schedule";

/** The workspace's sync settings form and action. */
export const syncSettingsSchema = z
  .object({
    verifyIntervalHours: z.coerce
      .number({ error: "Enter a number of hours." })
      .int("Enter a whole number of hours.")
      .min(verifyIntervalHoursRange.min, `At least ${verifyIntervalHoursRange.min} hour.`)
      .max(verifyIntervalHoursRange.max, `At most ${verifyIntervalHoursRange.max} hours (a week).`),
  })
  .strict();
