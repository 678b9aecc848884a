import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures: `Billbridge-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`, where the HMAC is
 * computed with the channel's secret over `<t>.<raw request body>`. A receiver recomputes it, compares
 * in constant time, and refuses a timestamp older than a few minutes (replays).
 */
export const signatureHeader = "Billbridge-Signature";

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function signWebhookBody(secret: string, body: string, timestampSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${timestampSeconds}.${body}`).digest("hex");
  return `t=${timestampSeconds},v1=${mac}`;
}

/** Verifies a signature header as a receiver does; false for a wrong MAC or a timestamp outside the tolerance. */
export function verifyWebhookSignature(params: {
  secret: string;
  header: string | null | undefined;
  body: string;
  toleranceSeconds?: number;
  nowSeconds?: number;
}): boolean {
  const parts = new Map(
    (params.header ?? "").split(",").map((part) => {
      const index = part.indexOf("=");
      return [part.slice(0, index).trim(), part.slice(index + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get("t"));
  const mac = parts.get("v1");
  if (!Number.isInteger(timestamp) || !mac || !/^[0-9a-f]{64}$/.test(mac)) return false;
  const now = params.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (params.toleranceSeconds ?? 300)) return false;
  const expected = createHmac("sha256", params.secret).update(`${timestamp}.${params.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(mac, "hex"));
}
