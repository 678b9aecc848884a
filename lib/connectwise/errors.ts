/**
 * Typed failures of the ConnectWise client. Every message is written for the MSP admin (what happened and
 * what to do) and is built only from our own templates, ConnectWise's own error texts and the request's
 * method and path: never from headers, so the private key cannot leak into a message or a log line.
 */

export type ConnectWiseErrorCode =
  | "invalid-site-url"
  | "site-not-allowed"
  | "site-unreachable"
  | "unknown-company"
  | "bad-credentials"
  | "missing-permission"
  | "not-found"
  | "validation"
  | "rate-limited"
  | "server-error"
  | "unexpected-response"
  | "configuration";

/** The request an error is about, as the run log should show it (no query string, no headers). */
export interface ConnectWiseRequestSummary {
  method: string;
  path: string;
}

export interface ConnectWiseErrorDetails {
  status?: number | null;
  request?: ConnectWiseRequestSummary | null;
  /**
   * True when a write may have been applied even though it failed (timeout, connection reset, 5xx after the
   * request was sent). Callers must re-read before deciding to send it again; the client never re-sends it.
   */
  outcomeUnknown?: boolean;
  /** ConnectWise's top-level error code from the body (`InvalidObject`, `Unauthorized`, ...), when there was one. */
  connectWiseCode?: string | null;
  cause?: unknown;
}

export abstract class ConnectWiseError extends Error {
  abstract readonly code: ConnectWiseErrorCode;
  /** Worth trying again later without anyone changing anything (rate limits, server trouble, timeouts). */
  abstract readonly transient: boolean;
  readonly status: number | null;
  readonly request: ConnectWiseRequestSummary | null;
  readonly outcomeUnknown: boolean;
  readonly connectWiseCode: string | null;

  constructor(message: string, details: ConnectWiseErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status ?? null;
    this.request = details.request ?? null;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
    this.connectWiseCode = details.connectWiseCode ?? null;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      request: this.request,
      outcomeUnknown: this.outcomeUnknown,
      transient: this.transient,
      connectWiseCode: this.connectWiseCode,
    };
  }
}

/** The site the admin typed cannot be read as a URL we would connect to. */
export class InvalidSiteUrlError extends ConnectWiseError {
  readonly code = "invalid-site-url";
  readonly transient = false;
}

/** The site URL is well formed but points somewhere Billbridge refuses to connect to (plain http, private address...). */
export class SiteNotAllowedError extends ConnectWiseError {
  readonly code = "site-not-allowed";
  readonly transient = false;
  readonly addresses: string[];

  constructor(message: string, addresses: string[] = [], details: ConnectWiseErrorDetails = {}) {
    super(message, details);
    this.addresses = addresses;
  }
}

export type UnreachableReason = "dns" | "refused" | "timeout" | "reset" | "tls" | "not-connectwise" | "network";

/** No usable answer from the site: DNS, refused connection, TLS, timeout, dropped connection, or not a ConnectWise server. */
export class SiteUnreachableError extends ConnectWiseError {
  readonly code = "site-unreachable";
  readonly reason: UnreachableReason;

  constructor(message: string, reason: UnreachableReason, details: ConnectWiseErrorDetails = {}) {
    super(message, details);
    this.reason = reason;
  }

  get transient(): boolean {
    return (
      this.reason === "timeout" || this.reason === "reset" || this.reason === "network" || this.reason === "refused"
    );
  }
}

export class UnknownCompanyError extends ConnectWiseError {
  readonly code = "unknown-company";
  readonly transient = false;
  readonly companyId: string;

  constructor(message: string, companyId: string, details: ConnectWiseErrorDetails = {}) {
    super(message, details);
    this.companyId = companyId;
  }
}

export class BadCredentialsError extends ConnectWiseError {
  readonly code = "bad-credentials";
  readonly transient = false;
}

export class MissingPermissionError extends ConnectWiseError {
  readonly code = "missing-permission";
  readonly transient = false;
  /** The security-role permission as ConnectWise names it, e.g. "Finance > Agreements > Add"; null if the request maps to none we know. */
  readonly permission: string | null;

  constructor(message: string, permission: string | null, details: ConnectWiseErrorDetails = {}) {
    super(message, details);
    this.permission = permission;
  }
}

export class NotFoundError extends ConnectWiseError {
  readonly code = "not-found";
  readonly transient = false;
}

export interface ConnectWiseFieldError {
  field: string | null;
  code: string | null;
  message: string;
}

export class ValidationError extends ConnectWiseError {
  readonly code = "validation";
  readonly transient = false;
  /** ConnectWise's own per-field messages, in the order it sent them. */
  readonly fieldErrors: ConnectWiseFieldError[];

  constructor(message: string, fieldErrors: ConnectWiseFieldError[], details: ConnectWiseErrorDetails = {}) {
    super(message, details);
    this.fieldErrors = fieldErrors;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), fieldErrors: this.fieldErrors };
  }
}

export class RateLimitedError extends ConnectWiseError {
  readonly code = "rate-limited";
  readonly transient = true;
  /** What ConnectWise asked us to wait, when it said; callers can schedule the next attempt after it. */
  readonly retryAfterSeconds: number | null;

  constructor(message: string, retryAfterSeconds: number | null, details: ConnectWiseErrorDetails = {}) {
    super(message, details);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterSeconds: this.retryAfterSeconds };
  }
}

export class ServerError extends ConnectWiseError {
  readonly code = "server-error";
  readonly transient = true;
}

/** An answer we cannot interpret (an unexpected status, a redirect, a body that is not ConnectWise JSON). */
export class UnexpectedResponseError extends ConnectWiseError {
  readonly code = "unexpected-response";
  readonly transient = false;
}

/** The server running Billbridge is misconfigured (for example CW_CLIENT_ID missing in production). */
export class ConnectWiseConfigurationError extends ConnectWiseError {
  readonly code = "configuration";
  readonly transient = false;
}

export function isConnectWiseError(error: unknown): error is ConnectWiseError {
  return error instanceof ConnectWiseError;
}
