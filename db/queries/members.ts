import { and, asc, count, eq } from "drizzle-orm";
import type { Database } from "../index";
import { memberships, users, type MembershipRole } from "../schema";

/** The members of a workspace with their role and last sign-in, by name. */
export async function listMembers(db: Database, params: { workspaceId: string }) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
      lastSignInAt: users.lastSignInAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, params.workspaceId))
    .orderBy(asc(users.email));
}

export async function findMember(db: Database, params: { workspaceId: string; userId: string }) {
  const [row] = await db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, params.workspaceId), eq(memberships.userId, params.userId)));
  return row ?? null;
}

export async function countOwners(db: Database, params: { workspaceId: string }): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, params.workspaceId), eq(memberships.role, "owner")));
  return row?.value ?? 0;
}

export async function insertMembership(
  db: Database,
  params: { workspaceId: string; userId: string; role: MembershipRole },
) {
  await db.insert(memberships).values(params).onConflictDoNothing();
}

export async function updateMemberRole(
  db: Database,
  params: { workspaceId: string; userId: string; role: MembershipRole },
) {
  const [row] = await db
    .update(memberships)
    .set({ role: params.role })
    .where(and(eq(memberships.workspaceId, params.workspaceId), eq(memberships.userId, params.userId)))
    .returning();
  return row ?? null;
}

export async function deleteMembership(db: Database, params: { workspaceId: string; userId: string }) {
  const [row] = await db
    .delete(memberships)
    .where(and(eq(memberships.workspaceId, params.workspaceId), eq(memberships.userId, params.userId)))
    .returning();
  return row ?? null;
}
