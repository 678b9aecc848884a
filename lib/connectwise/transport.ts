/** The options every ConnectWise request shares, and the HTTP client built from them. */
import { BadCredentialsError } from "./errors";
import { createHttpClient, type HttpClient, type HttpOptions } from "./http";
import { readAllowPrivateHosts } from "./site-safety";

/** The HTTP layer's options (timeout per attempt, default 30 s; retries; limiter; …) as callers pass them. */
export type ConnectWiseTransportOptions = Omit<HttpOptions, "allowPrivateHosts" | "resolveHostname"> & {
  /** Default: CW_ALLOW_PRIVATE_HOSTS=1 in the environment. */
  allowPrivateHosts?: boolean;
};

export interface ConnectWiseClientConfig extends ConnectWiseTransportOptions {
  /** As the admin typed it; normalized here. */
  site: string;
  /** The login company (ConnectWise's login screen), not a numeric id. */
  companyId: string;
  publicKey: string;
  privateKey: string;
  /** Default: resolveConnectWiseClientId() (CW_CLIENT_ID, or the development default outside production). */
  clientId?: string;
  /** From an earlier discovery (stored with the connection); without it the first call discovers it. */
  apiBaseUrl?: string;
}

export function createTransport(options: ConnectWiseTransportOptions): HttpClient {
  const httpOptions: HttpOptions = {
    ...options,
    allowPrivateHosts: options.allowPrivateHosts ?? readAllowPrivateHosts(),
  };
  return createHttpClient(httpOptions);
}

export function requireText(value: string, message: string): string {
  const trimmed = (value ?? "").trim();
  if (trimmed === "") throw new BadCredentialsError(message);
  return trimmed;
}
