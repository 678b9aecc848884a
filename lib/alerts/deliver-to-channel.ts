import type { AlertChannel } from "@/db/schema";
import { openSecret } from "@/lib/crypto/secrets";
import type { AlertEventPayload } from "./alert-events";
import { postWebhook } from "./post-webhook";
import { sendAlertEmail } from "./send-alert-email";

export interface ChannelOutcome {
  delivered: boolean;
  /** HTTP status of a webhook receiver; null for email and for no answer. */
  status: number | null;
  error: string | null;
  /** True when retrying cannot help (e.g. no mail server configured). */
  permanent?: boolean;
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
  const email = await sendAlertEmail(channel.recipients, event);
  return { delivered: email.delivered, status: null, error: email.error, permanent: email.permanent };
}
