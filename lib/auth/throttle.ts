import { and, count, eq, gt, lt, or } from "drizzle-orm";
import type { Database } from "@/db";
import { signInFailures } from "@/db/schema";
import { plural } from "@/lib/format";

/** Failed sign-ins allowed in the window before further attempts are refused. */
export const signInThrottle = { windowSeconds: 15 * 60, perAccount: 5, perAddress: 20 } as const;

export interface ThrottleVerdict {
  blocked: boolean;
  scope?: "account" | "address";
  retryAfterSeconds?: number;
}

const accountSubject = (email: string) => `account:${email.trim().toLowerCase()}`;
const addressSubject = (address: string) => `ip:${address}`;

export async function checkSignInThrottle(
  db: Database,
  params: { email: string; address: string; now?: Date },
): Promise<ThrottleVerdict> {
  const now = params.now ?? new Date();
  const windowStart = new Date(now.getTime() - signInThrottle.windowSeconds * 1000);
  for (const [scope, subject, limit] of [
    ["account", accountSubject(params.email), signInThrottle.perAccount],
    ["address", addressSubject(params.address), signInThrottle.perAddress],
  ] as const) {
    const rows = await db
      .select({ failedAt: signInFailures.failedAt })
      .from(signInFailures)
      .where(and(eq(signInFailures.subject, subject), gt(signInFailures.failedAt, windowStart)))
      .orderBy(signInFailures.failedAt);
    if (rows.length >= limit) {
      const oldestCounted = rows[rows.length - limit]!.failedAt;
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((oldestCounted.getTime() + signInThrottle.windowSeconds * 1000 - now.getTime()) / 1000),
      );
      return { blocked: true, scope, retryAfterSeconds };
    }
  }
  return { blocked: false };
}

export async function recordSignInFailure(db: Database, params: { email: string; address: string }): Promise<void> {
  await db
    .insert(signInFailures)
    .values([{ subject: accountSubject(params.email) }, { subject: addressSubject(params.address) }]);
  // Keep the table small: anything outside the window no longer counts.
  await db
    .delete(signInFailures)
    .where(lt(signInFailures.failedAt, new Date(Date.now() - 2 * signInThrottle.windowSeconds * 1000)));
}

/** A successful sign-in forgives the account's earlier failures (not the address's). */
export async function clearAccountFailures(db: Database, params: { email: string }): Promise<void> {
  await db.delete(signInFailures).where(or(eq(signInFailures.subject, accountSubject(params.email))));
}

export async function countFailures(db: Database, subject: string): Promise<number> {
  const [row] = await db.select({ value: count() }).from(signInFailures).where(eq(signInFailures.subject, subject));
  return row?.value ?? 0;
}

export function describeThrottle(verdict: ThrottleVerdict): string {
  const minutes = Math.max(1, Math.ceil((verdict.retryAfterSeconds ?? 60) / 60));
  return verdict.scope === "account"
    ? `Too many failed sign-ins for this account. Try again in ${minutes} ${plural(minutes, "minute")}, or ask a workspace owner to check the account.`
    : `Too many failed sign-ins from your network. Try again in ${minutes} ${plural(minutes, "minute")}.`;
}
