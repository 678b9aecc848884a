import type { NextAuthConfig } from "next-auth";

/** How long a session lasts without being used. */
export const sessionMaxAgeSeconds = 8 * 60 * 60;

/** Open to visitors: signing in, accepting an invitation, resetting a password. */
export const publicPaths = ["/sign-in", "/invitations", "/reset-password"];

/**
 * The part of the Auth.js configuration that needs no database, shared by the proxy (which only
 * decodes the session cookie) and the full configuration in lib/auth/auth.ts.
 */
export const authConfig = {
  trustHost: true,
  pages: { signIn: "/sign-in", error: "/sign-in" },
  session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds },
  providers: [],
  callbacks: {
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
