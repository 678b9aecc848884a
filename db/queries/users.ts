import { eq, sql } from "drizzle-orm";
import type { Database } from "../index";
import { users } from "../schema";

/** People are global (one account, several workspaces); these functions take a user id or email, not a workspace. */
export async function insertUser(db: Database, params: { email: string; name: string; passwordHash: string | null }) {
  const [row] = await db
    .insert(users)
    .values({ email: params.email.toLowerCase(), name: params.name, passwordHash: params.passwordHash })
    .returning({ id: users.id, email: users.email, name: users.name });
  return row!;
}

/** Sets a new password and raises the session version, which ends every session signed before. */
export async function updateUserPassword(db: Database, params: { userId: string; passwordHash: string }) {
  await db
    .update(users)
    .set({ passwordHash: params.passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, params.userId));
}

export async function updateUserName(db: Database, params: { userId: string; name: string }) {
  await db.update(users).set({ name: params.name }).where(eq(users.id, params.userId));
}

export async function findSessionVersion(db: Database, params: { userId: string }): Promise<number | null> {
  const [row] = await db
    .select({ sessionVersion: users.sessionVersion })
    .from(users)
    .where(eq(users.id, params.userId));
  return row?.sessionVersion ?? null;
}

export async function updateLastSignIn(db: Database, params: { userId: string; at: Date }) {
  await db.update(users).set({ lastSignInAt: params.at }).where(eq(users.id, params.userId));
}
