/**
 * From what an admin types as "ConnectWise site" to the URLs we call: the login host (company info lives there)
 * and the API base URL (cloud tenants answer the API only on the `api-` host).
 */
import { InvalidSiteUrlError, UnexpectedResponseError } from "./errors";

export interface ConnectWiseSite {
  protocol: "https:" | "http:";
  /** Lower-case host name without port, IPv6 in brackets, e.g. `na.myconnectwise.net`. */
  hostname: string;
  /** Explicit port, or "" for the scheme's default. */
  port: string;
  /** `https://na.myconnectwise.net` — the login host, where `/login/companyinfo/{company}` answers. */
  origin: string;
}

/** ConnectWise's cloud domains: every region's login host `X.<domain>` has its API on `api-X.<domain>`. */
const CLOUD_DOMAINS = ["myconnectwise.net", "connectwisedev.com"];

export const KNOWN_CLOUD_HOSTS = [
  "na.myconnectwise.net",
  "eu.myconnectwise.net",
  "au.myconnectwise.net",
  "aus.myconnectwise.net",
  "za.myconnectwise.net",
  "staging.connectwisedev.com",
] as const;

/** The codebase every server routes to its current version; on-premise servers always report it. */
export const DEFAULT_CODEBASE = "v4_6_release/";

function findCloudLabel(hostname: string): { label: string; domain: string } | null {
  for (const domain of CLOUD_DOMAINS) {
    if (!hostname.endsWith("." + domain)) continue;
    const label = hostname.slice(0, -(domain.length + 1));
    // Only single-label regions (na, eu, ...); anything deeper is not a host ConnectWise hands out.
    if (label.length > 0 && !label.includes(".")) return { label, domain };
  }
  return null;
}

export function isCloudHost(hostname: string): boolean {
  return findCloudLabel(hostname.toLowerCase()) !== null;
}

/**
 * Reads a site as admins type it: `na.myconnectwise.net`, `https://na.myconnectwise.net/`, a URL copied from
 * the browser with a path, or the `api-` host itself. Keeps scheme and port; drops path, query and fragment.
 * Whether the scheme and address are acceptable is decided when connecting (site-safety.ts).
 */
export function normalizeSite(input: string): ConnectWiseSite {
  const trimmed = input.trim();
  if (trimmed === "") {
    throw new InvalidSiteUrlError(
      "Enter the ConnectWise site: the host of your ConnectWise login page, for example na.myconnectwise.net.",
    );
  }
  if (/\s/.test(trimmed)) {
    throw new InvalidSiteUrlError(
      `The ConnectWise site "${trimmed}" contains spaces. Enter only the host of your ConnectWise login page, for example na.myconnectwise.net.`,
    );
  }
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  const candidate = hasScheme ? trimmed : `https://${trimmed.replace(/^\/+/, "")}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new InvalidSiteUrlError(
      `"${trimmed}" is not a valid site address. Enter the host of your ConnectWise login page, for example na.myconnectwise.net.`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InvalidSiteUrlError(
      `The ConnectWise site must be an https:// address; "${url.protocol.replace(/:$/, "")}" is not supported.`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new InvalidSiteUrlError(
      "The ConnectWise site must not contain a user name or password. Enter only the host, for example na.myconnectwise.net; the API keys go in their own fields.",
    );
  }
  let hostname = url.hostname.toLowerCase().replace(/\.$/, "");
  if (hostname === "") {
    throw new InvalidSiteUrlError(
      `"${trimmed}" has no host name. Enter the host of your ConnectWise login page, for example na.myconnectwise.net.`,
    );
  }
  // Admins sometimes paste the API host; company info only answers on the login host.
  const cloud = findCloudLabel(hostname);
  if (cloud && cloud.label.startsWith("api-") && cloud.label.length > 4) {
    hostname = `${cloud.label.slice(4)}.${cloud.domain}`;
  }
  const port = url.port;
  const protocol = url.protocol as "https:" | "http:";
  return { protocol, hostname, port, origin: `${protocol}//${hostname}${port ? `:${port}` : ""}` };
}

/** The host the REST API answers on: `api-na.myconnectwise.net` for cloud regions, on-premise hosts unchanged. */
export function resolveApiHostname(hostname: string): string {
  const cloud = findCloudLabel(hostname.toLowerCase());
  if (!cloud || cloud.label.startsWith("api-")) return hostname.toLowerCase();
  return `api-${cloud.label}.${cloud.domain}`;
}

/**
 * Codebases come from the server (`v2025_8/`); since they become part of every URL, only a plain path
 * segment is accepted.
 */
export function normalizeCodebase(codebase: string | null | undefined): string {
  const trimmed = (codebase ?? "").trim().replace(/^\/+/, "");
  if (trimmed === "") return DEFAULT_CODEBASE;
  const withSlash = trimmed.endsWith("/") ? trimmed : `${trimmed}/`;
  if (!/^[A-Za-z0-9_.-]+\/$/.test(withSlash) || withSlash.startsWith("..")) {
    throw new UnexpectedResponseError(
      `ConnectWise reported the codebase "${trimmed}", which is not a version path Billbridge understands.`,
    );
  }
  return withSlash;
}

export function buildApiBaseUrl(site: ConnectWiseSite, codebase: string): string {
  const apiHostname = resolveApiHostname(site.hostname);
  return `${site.protocol}//${apiHostname}${site.port ? `:${site.port}` : ""}/${normalizeCodebase(codebase)}apis/3.0`;
}

export function buildCompanyInfoUrl(site: ConnectWiseSite, companyId: string): string {
  return `${site.origin}/login/companyinfo/${encodeURIComponent(companyId.trim())}`;
}
