import { and, count, eq, gt, inArray, lt, sql } from "drizzle-orm";
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

/** An attempt that may go on to check the password; it counts as a failure until it is released. */
export interface SignInReservation {
  email: string;
  rowIds: number[];
}

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

const accountSubject = (email: string) => `account:${email.trim().toLowerCase()}`;
const addressSubject = (address: string) => `ip:${address}`;

/**
 * Counts the attempt before the password is checked, atomically: under a transaction-scoped lock per
 * subject, the attempts of the window are counted and, below both limits, this one is recorded. So
 * however many attempts arrive at once, at most the limit of them reach the password check. Returns
 * the reservation to release when the password turns out right, or the refusal.
 */
export async function reserveSignInAttempt(
  db: Database,
  params: { email: string; address: string; now?: Date },
): Promise<{ blocked: false; reservation: SignInReservation } | (ThrottleVerdict & { blocked: true })> {
  const account = accountSubject(params.email);
  const address = addressSubject(params.address);
  return db.transaction(async (tx) => {
    // Two-key advisory locks, in a fixed order (two attempts never wait on each other in a cycle).
    for (const subject of [account, address].sort()) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('billbridge:sign-in'), hashtext(${subject}))`);
    }
    const now = params.now ?? new Date();
    for (const [scope, subject, limit] of [
      ["account", account, signInThrottle.perAccount],
      ["address", address, signInThrottle.perAddress],
    ] as const) {
      const retryAfterSeconds = await secondsUntilBelowLimit(tx, { subject, limit, now });
      if (retryAfterSeconds !== null) return { blocked: true as const, scope, retryAfterSeconds };
    }
    const rows = await tx
      .insert(signInFailures)
      .values([
        { subject: account, failedAt: now },
        { subject: address, failedAt: now },
      ])
      .returning({ id: signInFailures.id });
    return { blocked: false as const, reservation: { email: params.email, rowIds: rows.map((row) => row.id) } };
  });
}

async function secondsUntilBelowLimit(
  tx: Transaction,
  params: { subject: string; limit: number; now: Date },
): Promise<number | null> {
  const windowStart = new Date(params.now.getTime() - signInThrottle.windowSeconds * 1000);
  const rows = await tx
    .select({ failedAt: signInFailures.failedAt })
    .from(signInFailures)
    .where(and(eq(signInFailures.subject, params.subject), gt(signInFailures.failedAt, windowStart)))
    .orderBy(signInFailures.failedAt);
  if (rows.length < params.limit) return null;
  const oldestCounted = rows[rows.length - params.limit]!.failedAt;
  return Math.max(
    1,
    Math.ceil((oldestCounted.getTime() + signInThrottle.windowSeconds * 1000 - params.now.getTime()) / 1000),
  );
}

/**
 * The password was right: the attempt is not a failure, and the account's earlier failures are
 * forgiven (the address's are not).
 */
export async function releaseSignInAttempt(db: Database, reservation: SignInReservation): Promise<void> {
  await db.delete(signInFailures).where(inArray(signInFailures.id, reservation.rowIds));
  await db.delete(signInFailures).where(eq(signInFailures.subject, accountSubject(reservation.email)));
}

/** The password was wrong: the reservation stays as the failure it is; anything outside the window goes. */
export async function pruneSignInFailures(db: Database): Promise<void> {
  await db
    .delete(signInFailures)
    .where(lt(signInFailures.failedAt, new Date(Date.now() - 2 * signInThrottle.windowSeconds * 1000)));
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
