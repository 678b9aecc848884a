/**
 * Process-wide ConnectWise settings read from the environment.
 *
 * CW_CLIENT_ID is the vendor's integration id from developer.connectwise.com/ClientID, sent as the `clientId`
 * header on every call. It identifies Billbridge (not a tenant) and is treated as a secret. Production must
 * set it; elsewhere the development default below is used, which the sandbox accepts.
 */
import { ConnectWiseConfigurationError } from "./errors";
import { readAllowPrivateHosts } from "./site-safety";

/** The clientId the sandbox accepts by default (sandbox/choices.ts DEFAULT_CLIENT_ID); development only. */
export const DEVELOPMENT_CLIENT_ID = "2b7e151e-9c4a-4f3e-8a61-5d0c9b1e7a42";

/** The model version every request pins with its Accept header. */
export const CONNECTWISE_API_VERSION = "2025.8";
export const CONNECTWISE_ACCEPT_HEADER = `application/vnd.connectwise.com+json; version=${CONNECTWISE_API_VERSION}`;

export interface ClientIdContext {
  env?: Record<string, string | undefined>;
  /** The demo started by `npm start` talks to the sandbox even in a production build. */
  demo?: boolean;
}

/**
 * The clientId to send. Throws ConnectWiseConfigurationError naming CW_CLIENT_ID when it is missing in
 * production (NODE_ENV=production, not the demo); call it at startup so the process stops with that message.
 */
export function resolveConnectWiseClientId(context: ClientIdContext = {}): string {
  const env = context.env ?? process.env;
  const configured = env.CW_CLIENT_ID?.trim();
  if (configured) return configured;
  // Demo mode (BILLBRIDGE_DEMO, set by `npm start` on the embedded database) talks only to the sandbox.
  const demo = context.demo ?? (env.BILLBRIDGE_DEMO === "1" || env.BILLBRIDGE_DEMO === "true");
  if (env.NODE_ENV === "production" && !demo) {
    throw new ConnectWiseConfigurationError(
      "CW_CLIENT_ID is not set. ConnectWise requires every integration to send its clientId: set CW_CLIENT_ID to the " +
        "Billbridge integration's clientId (a GUID issued at https://developer.connectwise.com/ClientID) and restart.",
    );
  }
  return DEVELOPMENT_CLIENT_ID;
}

export interface ConnectWiseEnvironment {
  clientId: string;
  allowPrivateHosts: boolean;
}

/** Everything the client reads from the environment, validated once (call at startup). */
export function readConnectWiseEnvironment(context: ClientIdContext = {}): ConnectWiseEnvironment {
  const env = context.env ?? process.env;
  return { clientId: resolveConnectWiseClientId(context), allowPrivateHosts: readAllowPrivateHosts(env) };
}
