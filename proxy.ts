import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/auth.config";

// Redirects anonymous visitors to the sign-in page. This is a convenience, not the security boundary:
// every page, server action and route handler checks the session, role and workspace itself.
const { auth } = NextAuth(authConfig);

export default auth;

export const config = {
  matcher: ["/((?!api/auth|api/health|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|ico)$).*)"],
};
