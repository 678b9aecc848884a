import { createGuardedFetch } from "@/lib/connectwise/guarded-fetch";
import { SiteNotAllowedError } from "@/lib/connectwise/errors";
import { classifyIpAddress, readAllowPrivateHosts, type AddressCategory } from "@/lib/connectwise/site-safety";
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
      return { delivered: false, status: null, error: webhookRefusal(params.url, error.addresses) };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { delivered: false, status: null, error: `The receiver could not be reached: ${message}` };
  }
}

const addressDescriptions: Record<AddressCategory, string> = {
  public: "a public address",
  loopback: "a loopback address (this server itself)",
  private: "a private network address",
  "link-local": "a link-local address",
  metadata: "a cloud metadata address",
  unspecified: "an unspecified address",
  multicast: "a multicast address",
  reserved: "a reserved address",
};

/** Why the guard refused the URL, in the webhook's own words (the guard's speak of ConnectWise sites). */
function webhookRefusal(url: string, addresses: string[]): string {
  const host = new URL(url).hostname;
  for (const address of addresses) {
    let category: AddressCategory;
    try {
      category = classifyIpAddress(address);
    } catch {
      continue;
    }
    if (category === "public") continue;
    const where = address === host.replace(/^\[|\]$/g, "") ? `${host} is` : `${host} resolves to ${address},`;
    return `Billbridge refused the webhook URL: ${where} ${addressDescriptions[category]}. Webhooks go only to public internet addresses, so that a URL cannot be used to reach internal systems.`;
  }
  return "Billbridge refused the webhook URL: it must be an https:// address on the public internet.";
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
