import { eq, lt } from "drizzle-orm";
import type { Database } from "../index";
import { authSessions, memberships, users, type SessionMembership } from "../schema";

export async function insertAuthSession(
  db: Database,
  params: { userId: string; credentialStamp: string; memberships: SessionMembership[] },
): Promise<string> {
  const [row] = await db.insert(authSessions).values(params).returning({ id: authSessions.id });
  return row!.id;
}

export async function findAuthSession(db: Database, params: { sessionId: string }) {
  const [row] = await db.select().from(authSessions).where(eq(authSessions.id, params.sessionId));
  return row ?? null;
}

/** What a session is checked against: the person's password hash and current memberships. */
export async function findSessionSubject(db: Database, params: { userId: string }) {
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, params.userId));
  if (!user) return null;
  const current = await db
    .select({ workspaceId: memberships.workspaceId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, params.userId));
  return { passwordHash: user.passwordHash, memberships: current };
}

export async function updateAuthSession(
  db: Database,
  params: { sessionId: string; lastSeenAt: Date; memberships?: SessionMembership[] },
): Promise<void> {
  await db
    .update(authSessions)
    .set({ lastSeenAt: params.lastSeenAt, ...(params.memberships ? { memberships: params.memberships } : {}) })
    .where(eq(authSessions.id, params.sessionId));
}

export async function deleteAuthSession(db: Database, params: { sessionId: string }): Promise<void> {
  await db.delete(authSessions).where(eq(authSessions.id, params.sessionId));
}

export async function deleteIdleAuthSessions(db: Database, params: { idleBefore: Date }): Promise<void> {
  await db.delete(authSessions).where(lt(authSessions.lastSeenAt, params.idleBefore));
}
