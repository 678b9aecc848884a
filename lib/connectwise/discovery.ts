/** Discovery: a tenant's codebase and API base URL from its site and login company, without credentials. */
import { NotFoundError, SiteUnreachableError, UnexpectedResponseError, UnknownCompanyError } from "./errors";
import { buildApiBaseUrl, buildCompanyInfoUrl, normalizeCodebase, normalizeSite } from "./site";
import { createTransport, type ConnectWiseTransportOptions } from "./transport";
import type { CompanyDiscovery } from "./types";
import { readCompanyInfo, type WireCompanyInfo } from "./wire-format";

const DISCOVERY_TIMEOUT_MS = 15_000;

/**
 * Finds a tenant's codebase and API base URL from the site and login company, without credentials:
 * `GET https://{site}/login/companyinfo/{companyId}`. Throws InvalidSiteUrlError, SiteNotAllowedError,
 * SiteUnreachableError (including "that is not a ConnectWise server") or UnknownCompanyError.
 */
export async function discoverCompany(
  site: string,
  companyId: string,
  options: ConnectWiseTransportOptions = {},
): Promise<CompanyDiscovery> {
  const normalizedSite = normalizeSite(site);
  const company = (companyId ?? "").trim();
  if (company === "") {
    throw new UnknownCompanyError(
      "Enter the ConnectWise company ID: the company you type on the ConnectWise login screen.",
      company,
    );
  }
  const http = createTransport(options);
  const url = buildCompanyInfoUrl(normalizedSite, company);
  const notConnectWise = (cause?: unknown) =>
    new SiteUnreachableError(
      `${normalizedSite.origin} answered, but not like a ConnectWise server (no company information at /login/companyinfo). ` +
        "Check the site: it is the host of your ConnectWise login page, for example na.myconnectwise.net.",
      "not-connectwise",
      { cause },
    );
  let info: unknown;
  try {
    const response = await http.send<unknown>({
      method: "GET",
      url,
      path: "/login/companyinfo",
      headers: { accept: "application/json" },
      operation: "look up the company on the ConnectWise site",
      timeoutMs: options.timeoutMs ?? DISCOVERY_TIMEOUT_MS,
    });
    info = response.data;
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof UnexpectedResponseError) throw notConnectWise(error);
    throw error;
  }
  if (info === null || (typeof info === "object" && !Array.isArray(info) && Object.keys(info).length === 0)) {
    throw new UnknownCompanyError(
      `ConnectWise at ${normalizedSite.hostname} does not know the company ID "${company}". Use the company you type on the ConnectWise login screen (not the company's name).`,
      company,
    );
  }
  if (
    typeof info !== "object" ||
    Array.isArray(info) ||
    !("Codebase" in info || "CompanyID" in info || "CompanyName" in info)
  ) {
    throw notConnectWise();
  }
  const wire = info as WireCompanyInfo;
  const codebase = normalizeCodebase(wire.Codebase);
  return readCompanyInfo(wire, normalizedSite.origin, company, codebase, buildApiBaseUrl(normalizedSite, codebase));
}
