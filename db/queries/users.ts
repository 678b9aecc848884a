import { eq } from "drizzle-orm";
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

/**
 * Sets a new password. Every session signed in before ends at its next request: it keeps a digest of the
 * password hash it began with (lib/auth/server-session.ts).
 */
export async function updateUserPassword(db: Database, params: { userId: string; passwordHash: string }) {
  await db.update(users).set({ passwordHash: params.passwordHash }).where(eq(users.id, params.userId));
}

export async function updateUserName(db: Database, params: { userId: string; name: string }) {
  await db.update(users).set({ name: params.name }).where(eq(users.id, params.userId));
}

export async function updateLastSignIn(db: Database, params: { userId: string; at: Date }) {
  await db.update(users).set({ lastSignInAt: params.at }).where(eq(users.id, params.userId));
}
