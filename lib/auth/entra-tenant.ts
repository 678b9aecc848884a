/** The Entra ID sign-in hosts of Microsoft's clouds (global, US government, China). */
const entraHosts = ["login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn"];

const tenantIssuer = /^https:\/\/([a-z.]+)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/v2\.0\/?$/i;

/**
 * The tenant a Microsoft Entra ID issuer belongs to, or null when the issuer admits any tenant
 * ("common", "organizations", "consumers") or is not an Entra ID issuer at all.
 */
export function entraTenantOfIssuer(issuer: string): string | null {
  const match = tenantIssuer.exec(issuer.trim());
  if (!match || !entraHosts.includes(match[1]!.toLowerCase())) return null;
  return match[2]!.toLowerCase();
}
