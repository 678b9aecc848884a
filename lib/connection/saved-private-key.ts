import type { PsaConnection } from "@/db/schema";
import { normalizeSite } from "@/lib/connectwise";
import { readStoredPrivateKey } from "@/lib/connection/client-for-workspace";

/**
 * The saved private key, for a form that leaves the field blank, but only when the site, company ID
 * and public key are exactly the saved connection's: the key is never sent to any other server or
 * tenant. Null when it may not be reused (the private key must then be typed).
 */
export function reusableSavedPrivateKey(
  connection: Pick<
    PsaConnection,
    "status" | "siteUrl" | "companyId" | "publicKey" | "privateKeyCiphertext" | "privateKeyKeyVersion"
  > | null,
  submitted: { site: string; companyId: string; publicKey: string },
): string | null {
  if (!connection || connection.status === "disconnected" || !connection.publicKey) return null;
  let site: string;
  try {
    site = normalizeSite(submitted.site).origin;
  } catch {
    return null;
  }
  const sameConnection =
    site === connection.siteUrl &&
    submitted.companyId.trim().toLowerCase() === connection.companyId.toLowerCase() &&
    submitted.publicKey.trim() === connection.publicKey;
  return sameConnection ? readStoredPrivateKey(connection) : null;
}
