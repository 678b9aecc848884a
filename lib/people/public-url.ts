import { env } from "@/lib/env";

/**
 * The console's public base URL for links in mail: AUTH_URL when set (behind a proxy), otherwise
 * the origin the request came to, otherwise this host's port (the command line).
 */
export function publicBaseUrl(requestOrigin?: string | null): string {
  const environment = env();
  const configured = environment.AUTH_URL ? new URL(environment.AUTH_URL).origin : null;
  return configured ?? requestOrigin ?? `http://localhost:${environment.PORT}`;
}

export function invitationLink(baseUrl: string, token: string): string {
  return `${baseUrl}/invitations/${token}`;
}

export function passwordResetLink(baseUrl: string, token: string): string {
  return `${baseUrl}/reset-password/${token}`;
}

/** The origin a request came to, as the browser saw it (Host and the proxy's X-Forwarded-* headers). */
export function requestOrigin(headers: Headers): string | null {
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!host) return null;
  const protocol = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${protocol}://${host}`;
}
