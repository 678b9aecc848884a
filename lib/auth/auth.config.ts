import type { NextAuthConfig } from "next-auth";

const publicPaths = ["/sign-in", "/invitations", "/reset-password"];

/**
 * The part of the Auth.js configuration that needs no database, shared by the proxy (which only
 * decodes the session cookie) and the full configuration in lib/auth/auth.ts.
 */
export const authConfig = {
  trustHost: true,
  pages: { signIn: "/sign-in", error: "/sign-in" },
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      const signedIn = Boolean(auth?.user);
      const { pathname } = request.nextUrl;
      // Route handlers answer 401 themselves, in JSON, rather than redirecting an API client.
      if (pathname.startsWith("/api/")) return true;
      // Open to visitors: signing in, accepting an invitation, resetting a password. The sign-in page
      // sends a visitor whose session is still valid on to the console itself (only the full
      // configuration can tell whether a session was ended by a password change).
      if (publicPaths.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))) return true;
      return signedIn;
    },
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
} satisfies NextAuthConfig;
