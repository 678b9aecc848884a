import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import { getDb } from "@/db";
import { createAuthAdapter } from "@/db/auth-adapter";
import { listMembershipsOfUser, findUserByEmail } from "@/db/queries/workspaces";
import { env, isMicrosoftEntraEnabled } from "@/lib/env";
import { authConfig } from "./auth.config";
import { findSessionVersion } from "@/db/queries/users";
import { clientAddress, recordSignedIn, verifyCredentials } from "./credentials";
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
              // An MSP invites people by email; their Entra account links to that user.
              allowDangerousEmailAccountLinking: true,
            }),
          ]
        : []),
    ],
    callbacks: {
      ...authConfig.callbacks,
      async signIn({ user, account }) {
        if (account?.provider === "credentials") return true;
        // Single sign-on only admits people who already belong to a workspace.
        const existing = user.email ? await findUserByEmail(db, { email: user.email }) : null;
        if (!existing) return "/sign-in?error=NotInvited";
        const memberships = await listMembershipsOfUser(db, { userId: existing.id });
        if (memberships.length === 0) return "/sign-in?error=NotInvited";
        await recordSignedIn(db, {
          userId: existing.id,
          address: clientAddress(await headers()),
          method: "microsoft-entra-id",
        });
        return true;
      },
      /**
       * A session carries the person's session version from sign-in; once it no longer matches (the
       * password changed), the session ends: the cookie is cleared and the person signs in again.
       */
      async jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.sessionVersion = (await findSessionVersion(db, { userId: user.id })) ?? 0;
          return token;
        }
        if (!token.sub) return null;
        const current = await findSessionVersion(db, { userId: token.sub });
        if (current === null || current !== (token.sessionVersion ?? 0)) return null;
        return token;
      },
    },
  };
});
