import { createGuardedFetch } from "@/lib/connectwise/guarded-fetch";
import { SiteNotAllowedError } from "@/lib/connectwise/errors";
import { readAllowPrivateHosts } from "@/lib/connectwise/site-safety";
import { signatureHeader, signWebhookBody } from "./webhook-signature";

export interface WebhookOutcome {
  delivered: boolean;
  status: number | null;
  /** What went wrong, for the delivery log; never the secret or the body. */
  error: string | null;
}

/**
 * POSTs one signed event. The URL is chosen by an admin, so it goes through the same address guard as
 * ConnectWise sites (checked inside the socket's DNS lookup, no redirects followed): public https only,
 * unless CW_ALLOW_PRIVATE_HOSTS=1 lets loopback and private addresses through (tests, the demo).
 */
export async function postWebhook(params: {
  url: string;
  secret: string;
  body: string;
  eventType: string;
  eventId: string;
  timeoutMs?: number;
  now?: Date;
}): Promise<WebhookOutcome> {
  const guardedFetch = createGuardedFetch({ allowPrivateHosts: readAllowPrivateHosts(), maxResponseBytes: 64 * 1024 });
  const timestamp = Math.floor((params.now ?? new Date()).getTime() / 1000);
  try {
    const response = await guardedFetch(params.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Billbridge-Webhooks/1",
        [signatureHeader]: signWebhookBody(params.secret, params.body, timestamp),
        "Billbridge-Event": params.eventType,
        "Billbridge-Event-Id": params.eventId,
      },
      body: params.body,
      redirect: "manual",
      signal: AbortSignal.timeout(params.timeoutMs ?? 10_000),
    });
    const delivered = response.status >= 200 && response.status < 300;
    return {
      delivered,
      status: response.status,
      error: delivered ? null : `The receiver answered HTTP ${response.status}.`,
    };
  } catch (error) {
    if (error instanceof SiteNotAllowedError) {
      return { delivered: false, status: null, error: webhookRefusal(error.message) };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { delivered: false, status: null, error: `The receiver could not be reached: ${message}` };
  }
}

/** The address guard speaks of ConnectWise sites; a webhook's log says the same of its URL. */
function webhookRefusal(message: string): string {
  return `Billbridge refused the webhook URL: ${message.replace(/the ConnectWise site/gi, "the URL").replace(/ConnectWise/g, "the receiver")}`;
}

/** Checks a webhook URL when it is saved: https (http only to loopback/private hosts when allowed). */
export function checkWebhookUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "Enter a full URL, for example https://alerts.example.com/billbridge.";
  }
  if (url.username || url.password) return "Put credentials in the receiver's check of the signature, not in the URL.";
  const allowPrivate = readAllowPrivateHosts();
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && allowPrivate) return null;
  return "The webhook URL must start with https://, so that alerts are never sent unencrypted.";
}
