import { and, count, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../index";
import { passwordResets, users } from "../schema";

export async function insertPasswordReset(
  db: Database,
  params: { userId: string; tokenHash: string; expiresAt: Date },
) {
  await db.insert(passwordResets).values(params);
}

export async function countRecentPasswordResets(db: Database, params: { userId: string; since: Date }) {
  const [row] = await db
    .select({ value: count() })
    .from(passwordResets)
    .where(and(eq(passwordResets.userId, params.userId), gt(passwordResets.createdAt, params.since)));
  return row?.value ?? 0;
}

/** The unused, unexpired reset a link's token names, with its user. */
export async function findUsablePasswordReset(db: Database, params: { tokenHash: string; now: Date }) {
  const [row] = await db
    .select({ id: passwordResets.id, userId: passwordResets.userId, email: users.email })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.tokenHash, params.tokenHash),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, params.now),
      ),
    );
  return row ?? null;
}

/** Uses the reset (and every other open one of the same person); null when it was already used. */
export async function markPasswordResetUsed(db: Database, params: { resetId: string; userId: string; at: Date }) {
  const [row] = await db
    .update(passwordResets)
    .set({ usedAt: params.at })
    .where(and(eq(passwordResets.id, params.resetId), isNull(passwordResets.usedAt)))
    .returning({ id: passwordResets.id });
  if (!row) return null;
  await db
    .update(passwordResets)
    .set({ usedAt: params.at })
    .where(and(eq(passwordResets.userId, params.userId), isNull(passwordResets.usedAt)));
  return row;
}
