import type { NextAuthConfig } from "next-auth";

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
      const isSignInPage = pathname.startsWith("/sign-in");
      if (isSignInPage) return signedIn ? Response.redirect(new URL("/", request.nextUrl)) : true;
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
