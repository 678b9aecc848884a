import { z } from "zod";
import type { Database } from "@/db";
import { findUserByEmail } from "@/db/queries/workspaces";
import { updateLastSignIn } from "@/db/queries/users";
import { recordUserAuditEvent } from "@/lib/audit/record-user-event";
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
  if (verdict.blocked) {
    const known = await findUserByEmail(db, { email });
    if (known) {
      await recordUserAuditEvent(db, {
        userId: known.id,
        action: "sign-in.failed",
        address,
        details: { method: "password", reason: "throttled", scope: verdict.scope },
      });
    }
    return { ok: false, reason: "throttled", message: describeThrottle(verdict), throttle: verdict };
  }
  const user = await findUserByEmail(db, { email });
  const valid = await verifyPassword(user?.passwordHash ?? unknownUserPasswordHash, password);
  if (!user || !user.passwordHash || !valid) {
    await recordSignInFailure(db, { email, address });
    // An unknown email belongs to no workspace, so there is no log to record it in (the throttle still counts it).
    if (user) {
      await recordUserAuditEvent(db, {
        userId: user.id,
        action: "sign-in.failed",
        address,
        details: { method: "password", reason: "wrong-password" },
      });
    }
    return { ok: false, reason: "invalid", message: "That email and password don't match an account." };
  }
  await clearAccountFailures(db, { email });
  await recordSignedIn(db, { userId: user.id, address, method: "password" });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}

export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || "unknown";
}

/** Notes a successful sign-in: the person's last sign-in time and an audit event in each of their workspaces. */
export async function recordSignedIn(
  db: Database,
  params: { userId: string; address: string; method: "password" | "microsoft-entra-id" },
): Promise<void> {
  await updateLastSignIn(db, { userId: params.userId, at: new Date() });
  await recordUserAuditEvent(db, {
    userId: params.userId,
    action: "sign-in.succeeded",
    address: params.address,
    details: { method: params.method },
  });
}
