import { z } from "zod";
import type { Database } from "@/db";
import { findUserByEmail } from "@/db/queries/workspaces";
import { unknownUserPasswordHash, verifyPassword } from "./password";
import {
  checkSignInThrottle,
  clearAccountFailures,
  describeThrottle,
  recordSignInFailure,
  type ThrottleVerdict,
} from "./throttle";

export const signInSchema = z.object({
  email: z.email("Enter the email address you sign in with").transform((email) => email.trim().toLowerCase()),
  password: z.string().min(1, "Enter your password").max(1024),
});

export type CredentialsVerdict =
  | { ok: true; user: { id: string; email: string; name: string | null } }
  | { ok: false; reason: "invalid" | "throttled"; message: string; throttle?: ThrottleVerdict };

/**
 * Checks an email and password, with throttling per account and per client address. The same message
 * is given for an unknown email and a wrong password.
 */
export async function verifyCredentials(db: Database, input: unknown, address: string): Promise<CredentialsVerdict> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid", message: "Enter your email address and password." };
  const { email, password } = parsed.data;
  const verdict = await checkSignInThrottle(db, { email, address });
  if (verdict.blocked) return { ok: false, reason: "throttled", message: describeThrottle(verdict), throttle: verdict };
  const user = await findUserByEmail(db, { email });
  const valid = await verifyPassword(user?.passwordHash ?? unknownUserPasswordHash, password);
  if (!user || !user.passwordHash || !valid) {
    await recordSignInFailure(db, { email, address });
    return { ok: false, reason: "invalid", message: "That email and password don't match an account." };
  }
  await clearAccountFailures(db, { email });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}

export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || "unknown";
}
