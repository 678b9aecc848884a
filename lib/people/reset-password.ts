import type { Database } from "@/db";
import {
  countRecentPasswordResets,
  findUsablePasswordReset,
  insertPasswordReset,
  markPasswordResetUsed,
} from "@/db/queries/password-resets";
import { updateUserPassword } from "@/db/queries/users";
import { findUserByEmail } from "@/db/queries/workspaces";
import { recordUserAuditEvent } from "@/lib/audit/record-user-event";
import { hashPassword } from "@/lib/auth/password";
import { reserveSignInAttempt } from "@/lib/auth/throttle";
import { SafeError } from "@/lib/errors";
import { plural } from "@/lib/format";
import { sendMail } from "@/lib/mail";
import { createLinkToken, hashLinkToken } from "./link-token";
import { passwordResetLink } from "./public-url";

export const passwordResetLifetimeMinutes = 60;
/** Reset mails per account per hour; more requests are answered the same way but send nothing. */
export const passwordResetsPerAccountPerHour = 3;

/** The one answer to every reset request, so it never tells whether an account exists. */
export const passwordResetRequestedMessage =
  "If an account uses that address, we've sent it a link to choose a new password. The link works once, for an hour.";

/**
 * Requests a password reset: mails a single-use link valid one hour to the account of that email,
 * if there is one. Throttled per account (3 mails an hour) and per client address (the sign-in
 * throttle's address limit, counted together with failed sign-ins). The outcome is the same message
 * whether or not the account exists; only the address throttle answers differently.
 */
export async function requestPasswordReset(
  db: Database,
  params: { email: string; address: string; baseUrl: string; now?: Date },
): Promise<{ message: string }> {
  const now = params.now ?? new Date();
  // Every request is counted (and stays counted) against the address, like a failed sign-in, so the form
  // can't be used to probe many addresses.
  const throttle = await reserveSignInAttempt(db, { email: `password-reset:${params.email}`, address: params.address });
  if (throttle.blocked && throttle.scope === "address") {
    const minutes = Math.max(1, Math.ceil((throttle.retryAfterSeconds ?? 60) / 60));
    throw new SafeError(
      `Too many requests from your network. Try again in ${minutes} ${plural(minutes, "minute")}.`,
      "throttled",
    );
  }
  const user = await findUserByEmail(db, { email: params.email });
  if (!user) return { message: passwordResetRequestedMessage };
  const recent = await countRecentPasswordResets(db, {
    userId: user.id,
    since: new Date(now.getTime() - 60 * 60 * 1000),
  });
  if (recent >= passwordResetsPerAccountPerHour) return { message: passwordResetRequestedMessage };
  const { token, tokenHash } = createLinkToken();
  await insertPasswordReset(db, {
    userId: user.id,
    tokenHash,
    expiresAt: new Date(now.getTime() + passwordResetLifetimeMinutes * 60 * 1000),
  });
  const link = passwordResetLink(params.baseUrl, token);
  await sendMail({
    to: user.email,
    subject: "Reset your Billbridge password",
    text: [
      "Someone (hopefully you) asked to reset the password of your Billbridge account.",
      "",
      "Choose a new password:",
      link,
      "",
      `The link works once and expires in ${passwordResetLifetimeMinutes} minutes. Choosing a new password signs you out everywhere else.`,
      "If you didn't ask for this, ignore this message; your password stays as it is.",
    ].join("\n"),
  });
  await recordUserAuditEvent(db, {
    userId: user.id,
    action: "password.reset-requested",
    address: params.address,
  });
  return { message: passwordResetRequestedMessage };
}

export async function isPasswordResetUsable(db: Database, params: { token: string; now?: Date }) {
  return Boolean(
    await findUsablePasswordReset(db, { tokenHash: hashLinkToken(params.token), now: params.now ?? new Date() }),
  );
}

/**
 * Sets the new password of a reset link, once. Every session of that person signed in before ends at
 * its next request (a session keeps a digest of the password hash it began with).
 */
export async function completePasswordReset(
  db: Database,
  params: { token: string; password: string; address: string | null; now?: Date },
): Promise<{ email: string }> {
  const now = params.now ?? new Date();
  const reset = await findUsablePasswordReset(db, { tokenHash: hashLinkToken(params.token), now });
  if (!reset) {
    throw new SafeError("This reset link has expired or was already used. Ask for a new one.", "reset_invalid");
  }
  const passwordHash = await hashPassword(params.password);
  const used = await markPasswordResetUsed(db, { resetId: reset.id, userId: reset.userId, at: now });
  if (!used)
    throw new SafeError("This reset link has expired or was already used. Ask for a new one.", "reset_invalid");
  await updateUserPassword(db, { userId: reset.userId, passwordHash });
  await recordUserAuditEvent(db, {
    userId: reset.userId,
    action: "password.changed",
    address: params.address,
    details: { by: "reset-link" },
  });
  return { email: reset.email };
}
