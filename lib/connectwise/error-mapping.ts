/**
 * Turns a ConnectWise error answer (status + body) into one of our typed errors, as a pure function.
 * Bodies look like `{"code":"InvalidObject","message":"...","errors":[{"code","message","resource","field"}]}`,
 * except 429 which says `{"error":"ConnectWiseAPI","message":"..."}`.
 */
import {
  BadCredentialsError,
  ConnectWiseConfigurationError,
  MissingPermissionError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnexpectedResponseError,
  ValidationError,
  type ConnectWiseError,
  type ConnectWiseFieldError,
  type ConnectWiseRequestSummary,
} from "./errors";
import { findPermissionDefinition, findPermissionNamedInText, findRequiredPermission } from "./permissions";
import { isSafeToRepeat } from "./retry";

export interface ErrorResponse {
  status: number;
  /** Parsed JSON when the body was JSON, else the text (possibly ""). */
  body: unknown;
  method: string;
  /** Path relative to the API base, without query. */
  path: string;
  /** What we were doing, for the message: "create an addition on agreement 12". Defaults to method and path. */
  operation?: string;
  retryAfterSeconds?: number | null;
  /** On cloud, wrong company or keys can come back as 404 on a path that certainly exists (S4). */
  notFoundMeansBadCredentials?: boolean;
}

interface ErrorBody {
  code: string | null;
  message: string | null;
  errors: ConnectWiseFieldError[];
}

function readString(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

export function readErrorBody(body: unknown): ErrorBody {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { code: null, message: typeof body === "string" ? readString(body.slice(0, 500)) : null, errors: [] };
  }
  const record = body as Record<string, unknown>;
  const items = Array.isArray(record.errors) ? record.errors : [];
  const errors: ConnectWiseFieldError[] = [];
  for (const item of items) {
    if (typeof item !== "object" || item === null) continue;
    const entry = item as Record<string, unknown>;
    const message = readString(entry.message);
    if (!message) continue;
    errors.push({ field: readString(entry.field), code: readString(entry.code), message });
  }
  return { code: readString(record.code) ?? readString(record.error), message: readString(record.message), errors };
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The request without its query string: the part safe and useful in logs. */
export function summarizeRequest(method: string, path: string): ConnectWiseRequestSummary {
  return { method: method.toUpperCase(), path: path.split("?")[0] };
}

export function mapErrorResponse(response: ErrorResponse): ConnectWiseError {
  const { status, method } = response;
  const request = summarizeRequest(method, response.path);
  const operation = response.operation ?? `${request.method} ${request.path}`;
  const body = readErrorBody(response.body);
  const details = { status, request, connectWiseCode: body.code };
  const connectWiseSaid = body.message ? ` ConnectWise said: "${body.message}"` : "";

  if (status === 401 || (body.code === "ConnectWiseApi" && body.message === "UserNotAuthenticated")) {
    if (body.message && /clientid/i.test(body.message)) {
      return new ConnectWiseConfigurationError(
        `ConnectWise did not accept Billbridge's integration id (CW_CLIENT_ID): "${body.message}" The server operator must set CW_CLIENT_ID to the clientId issued at developer.connectwise.com.`,
        details,
      );
    }
    return new BadCredentialsError(
      "ConnectWise rejected the API keys. Check the company ID (the one on the ConnectWise login screen) and the API member's public and private keys " +
        "(System > Members > API Members > API Keys); a private key is shown only once, so create new keys if in doubt.",
      details,
    );
  }

  if (status === 403) {
    const permission = findPermissionNamedInText(body.message) ?? findRequiredPermission(method, request.path);
    if (permission) {
      const definition = findPermissionDefinition(permission);
      const neededFor = definition ? ` It is needed for ${definition.neededFor}.` : "";
      const setting = definition
        ? `${definition.module} > ${definition.area}: ${definition.level} = All`
        : `${permission} = All`;
      return new MissingPermissionError(
        `The ConnectWise API member is missing the permission "${permission}", so Billbridge could not ${operation}.${neededFor} ` +
          `In ConnectWise, open System > Security Roles, edit the API member's role and set ${setting}.`,
        permission,
        details,
      );
    }
    return new MissingPermissionError(
      `ConnectWise refused to let the API member ${operation} (403: improper security role settings).${connectWiseSaid} Check the API member's security role in System > Security Roles.`,
      null,
      details,
    );
  }

  if (status === 404) {
    if (response.notFoundMeansBadCredentials) {
      return new BadCredentialsError(
        "ConnectWise answered 404 where it always answers, which cloud servers do when the company ID or API keys are wrong. " +
          "Check the company ID (the one on the ConnectWise login screen) and the API member's public and private keys.",
        details,
      );
    }
    return new NotFoundError(
      `ConnectWise could not ${operation}: the record does not exist (it may have been deleted or moved).${connectWiseSaid}`,
      details,
    );
  }

  if (status === 400 || status === 409 || status === 422) {
    const fieldMessages = body.errors.map((error) => sentence(error.message));
    const explanation =
      fieldMessages.length > 0
        ? fieldMessages.join(" ")
        : body.message
          ? sentence(body.message)
          : "the request was not valid.";
    return new ValidationError(`ConnectWise refused to ${operation}: ${explanation}`, body.errors, details);
  }

  if (status === 429) {
    const wait = response.retryAfterSeconds != null ? ` It asked to wait ${response.retryAfterSeconds} seconds.` : "";
    return new RateLimitedError(
      `ConnectWise is throttling requests from this integration (429), so Billbridge could not ${operation}.${wait} The next run will continue.`,
      response.retryAfterSeconds ?? null,
      details,
    );
  }

  if (status >= 500) {
    const write = !isSafeToRepeat(method);
    return new ServerError(
      write
        ? `ConnectWise failed with a server error (${status}) while Billbridge tried to ${operation}. The change may or may not have been applied: reload before trying again.${connectWiseSaid}`
        : `ConnectWise failed with a server error (${status}) while Billbridge tried to ${operation}, also after retrying. ConnectWise may be having trouble; try again later.${connectWiseSaid}`,
      { ...details, outcomeUnknown: write },
    );
  }

  if (status >= 300 && status < 400) {
    return new UnexpectedResponseError(
      `ConnectWise answered with a redirect (${status}) to ${operation}. Billbridge does not follow redirects; check that the site is the host of your ConnectWise login page.`,
      details,
    );
  }

  return new UnexpectedResponseError(
    `ConnectWise answered ${status} when Billbridge tried to ${operation}.${connectWiseSaid}`,
    details,
  );
}
