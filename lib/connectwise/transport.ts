/** The options every ConnectWise request shares, and the HTTP client built from them. */
import { BadCredentialsError } from "./errors";
import {
  createHttpClient,
  type HttpClient,
  type HttpOptions,
  type RequestLimiter,
  type ConnectWiseRequestRecord,
} from "./http";
import type { RetryPolicy } from "./retry";
import { readAllowPrivateHosts } from "./site-safety";

export interface ConnectWiseTransportOptions {
  /** Default: CW_ALLOW_PRIVATE_HOSTS=1 in the environment. */
  allowPrivateHosts?: boolean;
  /** Per HTTP attempt. Default 30 s. */
  timeoutMs?: number;
  retryPolicy?: Partial<RetryPolicy>;
  limiter?: RequestLimiter;
  onRequest?: (record: ConnectWiseRequestRecord) => void;
  sleep?: (milliseconds: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

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
