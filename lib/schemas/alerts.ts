import { z } from "zod";

const ruleSchema = z.object({ enabled: z.boolean(), threshold: z.number().int().nullable() });

/** The Alerts settings form and its action. */
export const alertSettingsSchema = z
  .object({
    rules: z.object({
      "connection-unhealthy": ruleSchema,
      "sync-failing": ruleSchema.extend({
        threshold: z.number().int("Enter a whole number.").min(1, "At least 1 run.").max(50, "At most 50 runs."),
      }),
      "sync-stale": ruleSchema.extend({
        threshold: z.number().int("Enter a whole number.").min(1, "At least 1 hour.").max(720, "At most 720 hours."),
      }),
      "usage-unmapped": ruleSchema.extend({
        threshold: z.number().int("Enter a whole number.").min(1, "At least 1 hour.").max(720, "At most 720 hours."),
      }),
      "drift-corrected": ruleSchema,
      "approvals-waiting": ruleSchema,
    }),
    digestEnabled: z.boolean(),
    digestHourUtc: z.number().int().min(0, "Choose an hour from 0 to 23.").max(23, "Choose an hour from 0 to 23."),
  })
  .strict();

export type AlertSettingsInput = z.infer<typeof alertSettingsSchema>;

const channelName = z.string().trim().min(1, "Give the channel a name.").max(80, "At most 80 characters.");

export const webhookChannelSchema = z
  .object({
    kind: z.literal("webhook"),
    name: channelName,
    url: z.string().trim().min(1, "Enter the URL that receives the events.").max(2000, "At most 2,000 characters."),
  })
  .strict();

export const emailChannelSchema = z
  .object({
    kind: z.literal("email"),
    name: channelName,
    recipients: z
      .string()
      .trim()
      .min(1, "Enter at least one email address.")
      .transform((text) => text.split(/[\s,;]+/).filter(Boolean))
      .pipe(
        z.array(z.email("Enter valid email addresses, separated by commas.")).min(1).max(20, "At most 20 recipients."),
      ),
  })
  .strict();

export const alertChannelSchema = z.discriminatedUnion("kind", [webhookChannelSchema, emailChannelSchema]);

export type AlertChannelInput = z.input<typeof alertChannelSchema>;

export const alertChannelRefSchema = z.object({ channelId: z.uuid() }).strict();

export const alertChannelEnabledSchema = z.object({ channelId: z.uuid(), enabled: z.boolean() }).strict();
