import type { AlertChannel } from "@/db/schema";
import { openSecret } from "@/lib/crypto/secrets";
import type { AlertEventPayload } from "./alert-events";
import { postWebhook } from "./post-webhook";

export interface ChannelOutcome {
  delivered: boolean;
  /** HTTP status of a webhook receiver; null for email and for no answer. */
  status: number | null;
  error: string | null;
}

/** Sends one event to one channel, once (retries belong to the delivery job). */
export async function deliverToChannel(channel: AlertChannel, event: AlertEventPayload): Promise<ChannelOutcome> {
  if (channel.kind === "webhook") {
    if (!channel.url || !channel.secretCiphertext || channel.secretKeyVersion === null) {
      return { delivered: false, status: null, error: "The webhook has no URL or secret; create it again." };
    }
    const secret = openSecret({ ciphertext: channel.secretCiphertext, keyVersion: channel.secretKeyVersion });
    return postWebhook({
      url: channel.url,
      secret,
      body: JSON.stringify(event),
      eventType: event.type,
      eventId: event.id,
    });
  }
  return { delivered: false, status: null, error: "Email delivery is not configured on this server." };
}
