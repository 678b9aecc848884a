import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig, publicPaths } from "@/lib/auth/auth.config";
import { contentSecurityPolicy, createNonce } from "@/lib/security/content-security-policy";

const { auth } = NextAuth(authConfig);

/**
 * Every page gets a Content-Security-Policy with a nonce of its own (Next.js reads it from the request's
 * policy header and puts it on its scripts), and anonymous visitors are sent to sign in. The redirect
 * is a convenience, not the security boundary: every page, server action and route handler checks the
 * session (on the server, where ended sessions are refused), role and workspace itself.
 */
export default auth((request) => {
  const { pathname } = request.nextUrl;
  // Route handlers answer 401 themselves, in JSON, rather than redirecting an API client.
  const open =
    pathname.startsWith("/api/") ||
    publicPaths.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
  if (!open && !request.auth?.user) {
    const signIn = new URL("/sign-in", request.nextUrl);
    signIn.searchParams.set("callbackUrl", `${pathname}${request.nextUrl.search}`);
    return NextResponse.redirect(signIn);
  }
  const policy = contentSecurityPolicy({
    nonce: createNonce(),
    // The start script sets X-Forwarded-Proto from the socket or the trusted proxies only.
    https: request.headers.get("x-forwarded-proto") === "https",
    development: process.env.NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
});

export const config = {
  matcher: ["/((?!api/auth|api/health|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|ico)$).*)"],
};
