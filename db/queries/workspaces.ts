import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../index";
import { memberships, users, workspaces, type MembershipRole } from "../schema";

export interface WorkspaceMembership {
  workspaceId: string;
  workspaceName: string;
  workspaceSlug: string;
  role: MembershipRole;
}

export async function listMembershipsOfUser(db: Database, params: { userId: string }): Promise<WorkspaceMembership[]> {
  return db
    .select({
      workspaceId: workspaces.id,
      workspaceName: workspaces.name,
      workspaceSlug: workspaces.slug,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, params.userId))
    .orderBy(asc(workspaces.name));
}

export async function findMembership(
  db: Database,
  params: { userId: string; workspaceId: string },
): Promise<WorkspaceMembership | null> {
  const [row] = await db
    .select({
      workspaceId: workspaces.id,
      workspaceName: workspaces.name,
      workspaceSlug: workspaces.slug,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.userId, params.userId), eq(memberships.workspaceId, params.workspaceId)));
  return row ?? null;
}

export async function findUserById(db: Database, params: { userId: string }) {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, params.userId));
  return row ?? null;
}

export async function findUserByEmail(db: Database, params: { email: string }) {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, params.email.toLowerCase()));
  return row ?? null;
}

export async function insertWorkspace(db: Database, params: { name: string; slug: string }) {
  const [row] = await db.insert(workspaces).values(params).onConflictDoNothing({ target: workspaces.slug }).returning();
  return row ?? null;
}

export async function findWorkspaceById(db: Database, params: { workspaceId: string }) {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, params.workspaceId));
  return row ?? null;
}

/** Takes a row lock on the workspace for the rest of the transaction, so membership rules are checked one at a time. */
export async function lockWorkspace(db: Database, params: { workspaceId: string }) {
  await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, params.workspaceId)).for("update");
}

export async function findWorkspaceBySlug(db: Database, params: { slug: string }) {
  const [row] = await db
    .select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug })
    .from(workspaces)
    .where(eq(workspaces.slug, params.slug));
  return row ?? null;
}

/** What happens to a mapped organization's additions when the platform deletes the organization. */
export async function findWorkspaceOffboarding(db: Database, params: { workspaceId: string }) {
  const [row] = await db
    .select({ offboardingAdditions: workspaces.offboardingAdditions })
    .from(workspaces)
    .where(eq(workspaces.id, params.workspaceId));
  return row?.offboardingAdditions ?? "cancel";
}

export async function updateWorkspaceOffboarding(
  db: Database,
  params: { workspaceId: string; offboardingAdditions: "cancel" | "leave" },
) {
  await db
    .update(workspaces)
    .set({ offboardingAdditions: params.offboardingAdditions })
    .where(eq(workspaces.id, params.workspaceId));
}
