import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import { getDb } from "@/db";
import { createAuthAdapter } from "@/db/auth-adapter";
import { findUserByEmail } from "@/db/queries/workspaces";
import { env, isMicrosoftEntraEnabled } from "@/lib/env";
import { authConfig } from "./auth.config";
import { clientAddress, recordSignedIn, verifyCredentials } from "./credentials";
import { admitSingleSignOn } from "./single-sign-on";
import { confirmServerSession, endServerSession, startServerSession } from "./server-session";
import { headers } from "next/headers";

/** `code` carries the refusal to the sign-in action: "invalid", or "throttled:<scope>:<seconds>". */
class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

// Lazy configuration: the database is touched on the first request, never during `next build`.
export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const environment = env();
  const db = getDb();
  return {
    ...authConfig,
    events: {
      async signOut(message) {
        const sessionId = "token" in message ? message.token?.sid : null;
        if (typeof sessionId === "string") await endServerSession(db, { sessionId });
      },
    },
    secret: environment.AUTH_SECRET,
    adapter: createAuthAdapter(db),
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const verdict = await verifyCredentials(db, credentials, clientAddress(request.headers));
          if (!verdict.ok) {
            throw new SignInRefused(
              verdict.throttle
                ? `throttled:${verdict.throttle.scope}:${verdict.throttle.retryAfterSeconds}`
                : "invalid",
            );
          }
          return verdict.user;
        },
      }),
      ...(isMicrosoftEntraEnabled(environment)
        ? [
            MicrosoftEntraID({
              clientId: environment.AUTH_MICROSOFT_ENTRA_ID_ID,
              clientSecret: environment.AUTH_MICROSOFT_ENTRA_ID_SECRET,
              issuer: environment.AUTH_MICROSOFT_ENTRA_ID_ISSUER,
              // An MSP invites people by email; their Entra account links to that user. Safe only because
              // the signIn callback admits the configured tenant alone (admitSingleSignOn).
              allowDangerousEmailAccountLinking: true,
            }),
          ]
        : []),
    ],
    callbacks: {
      ...authConfig.callbacks,
      // Every use of the session cookie checks its server-side session; an ended one signs nobody in.
      async jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.sid = await startServerSession(db, { userId: user.id });
          return token;
        }
        const sessionId = typeof token.sid === "string" ? token.sid : null;
        if (!sessionId || !token.sub) return null;
        return (await confirmServerSession(db, { sessionId, userId: token.sub })) ? token : null;
      },
      async signIn({ user, account, profile }) {
        if (account?.provider === "credentials") return true;
        // Single sign-on admits only the configured tenant, and only people who already belong to a workspace.
        const admitted = await admitSingleSignOn(db, {
          issuer: environment.AUTH_MICROSOFT_ENTRA_ID_ISSUER ?? "",
          profile: profile as Record<string, unknown> | undefined,
          email: user.email,
        });
        if (admitted === true && user.email) {
          const existing = await findUserByEmail(db, { email: user.email });
          if (existing) {
            await recordSignedIn(db, {
              userId: existing.id,
              address: clientAddress(await headers()),
              method: "microsoft-entra-id",
            });
          }
        }
        return admitted;
      },
    },
  };
});
