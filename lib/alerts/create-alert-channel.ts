import type { Database } from "@/db";
import { insertAlertChannel } from "@/db/queries/alerts";
import { sealSecret } from "@/lib/crypto/secrets";
import { SafeError } from "@/lib/errors";
import type { z } from "zod";
import type { alertChannelSchema } from "@/lib/schemas/alerts";
import { checkWebhookUrl } from "./post-webhook";
import { generateWebhookSecret } from "./webhook-signature";

export interface CreatedAlertChannel {
  channelId: string;
  /** The webhook's signing secret, returned this once and never again. */
  secret: string | null;
}

/** Saves a channel; a webhook gets a new signing secret, stored encrypted and returned once. */
export async function createAlertChannel(
  db: Database,
  params: { workspaceId: string; input: z.output<typeof alertChannelSchema> },
): Promise<CreatedAlertChannel> {
  const { input } = params;
  if (input.kind === "webhook") {
    const refusal = checkWebhookUrl(input.url);
    if (refusal) throw new SafeError(refusal, "invalid", { url: refusal });
    const secret = generateWebhookSecret();
    const sealed = sealSecret(secret);
    const channel = await insertAlertChannel(db, {
      workspaceId: params.workspaceId,
      values: {
        kind: "webhook",
        name: input.name,
        url: input.url,
        secretCiphertext: sealed.ciphertext,
        secretKeyVersion: sealed.keyVersion,
      },
    });
    return { channelId: channel.id, secret };
  }
  const channel = await insertAlertChannel(db, {
    workspaceId: params.workspaceId,
    values: { kind: "email", name: input.name, recipients: [...new Set(input.recipients.map((r) => r.toLowerCase()))] },
  });
  return { channelId: channel.id, secret: null };
}
