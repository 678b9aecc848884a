import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../index";
import { invitations, users, workspaces, type MembershipRole } from "../schema";

export async function insertInvitation(
  db: Database,
  params: {
    workspaceId: string;
    email: string;
    role: MembershipRole;
    tokenHash: string;
    invitedByUserId: string | null;
    sentAt: Date;
    expiresAt: Date;
  },
) {
  const [row] = await db.insert(invitations).values(params).returning();
  return row!;
}

/** Pending invitations of a workspace (not accepted, not revoked), newest first, expired ones included. */
export async function listPendingInvitations(db: Database, params: { workspaceId: string }) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      sentAt: invitations.sentAt,
      expiresAt: invitations.expiresAt,
      invitedByEmail: users.email,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(
      and(
        eq(invitations.workspaceId, params.workspaceId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .orderBy(desc(invitations.sentAt));
}

/** The workspace's invitation, only while it is still pending (neither accepted nor revoked). */
function pendingInvitation(params: { workspaceId: string; invitationId: string }) {
  return and(
    eq(invitations.workspaceId, params.workspaceId),
    eq(invitations.id, params.invitationId),
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
  );
}

export async function findPendingInvitation(db: Database, params: { workspaceId: string; invitationId: string }) {
  const [row] = await db.select().from(invitations).where(pendingInvitation(params));
  return row ?? null;
}

/** The pending, unexpired invitation for an email, if any (one at a time per email and workspace). */
export async function findOpenInvitationForEmail(
  db: Database,
  params: { workspaceId: string; email: string; now: Date },
) {
  const [row] = await db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.workspaceId, params.workspaceId),
        eq(invitations.email, params.email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, params.now),
      ),
    );
  return row ?? null;
}

/**
 * The invitation a link's token names, with its workspace, whatever its state: the caller tells the
 * visitor whether it was accepted, revoked or has expired. Found by the token's hash only, so the
 * token is the credential; the workspace comes from the row.
 */
export async function findInvitationByTokenHash(db: Database, params: { tokenHash: string }) {
  const [row] = await db
    .select({ invitation: invitations, workspaceName: workspaces.name, workspaceSlug: workspaces.slug })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(eq(invitations.tokenHash, params.tokenHash));
  return row ?? null;
}

/** Gives a pending invitation a new token and expiry (the old link stops working). */
export async function updateInvitationToken(
  db: Database,
  params: { workspaceId: string; invitationId: string; tokenHash: string; expiresAt: Date; sentAt: Date },
) {
  const [row] = await db
    .update(invitations)
    .set({ tokenHash: params.tokenHash, expiresAt: params.expiresAt, sentAt: params.sentAt })
    .where(pendingInvitation(params))
    .returning();
  return row ?? null;
}

export async function revokeInvitation(db: Database, params: { workspaceId: string; invitationId: string; at: Date }) {
  const [row] = await db.update(invitations).set({ revokedAt: params.at }).where(pendingInvitation(params)).returning();
  return row ?? null;
}

/**
 * Marks the invitation accepted if it still is pending and unexpired. Returns null when another
 * request used it first: the link is single-use even under concurrent clicks.
 */
export async function markInvitationAccepted(
  db: Database,
  params: { workspaceId: string; invitationId: string; userId: string; at: Date },
) {
  const [row] = await db
    .update(invitations)
    .set({ acceptedAt: params.at, acceptedByUserId: params.userId })
    .where(
      and(
        eq(invitations.workspaceId, params.workspaceId),
        eq(invitations.id, params.invitationId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, params.at),
      ),
    )
    .returning();
  return row ?? null;
}
