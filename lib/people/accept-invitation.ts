import type { Database } from "@/db";
import type { MembershipRole } from "@/db/schema";
import { recordAuditEvent } from "@/db/queries/audit";
import { findInvitationByTokenHash, markInvitationAccepted } from "@/db/queries/invitations";
import { insertMembership } from "@/db/queries/members";
import { insertUser } from "@/db/queries/users";
import { findUserByEmail } from "@/db/queries/workspaces";
import { hashPassword } from "@/lib/auth/password";
import { SafeError } from "@/lib/errors";
import { hashLinkToken } from "./link-token";

export type InvitationState = "valid" | "expired" | "accepted" | "revoked" | "unknown";

export interface InvitationView {
  state: InvitationState;
  workspaceName?: string;
  email?: string;
  role?: MembershipRole;
  /** The invited email already has an account: accepting only adds the membership. */
  existingUser?: boolean;
}

const refusals: Record<Exclude<InvitationState, "valid">, string> = {
  unknown: "This invitation link isn't valid. Ask the person who invited you to send a new one.",
  expired: "This invitation has expired. Ask the person who invited you to resend it.",
  accepted: "This invitation has already been used. Sign in, or ask for a new invitation.",
  revoked: "This invitation was revoked. Ask a workspace owner or admin if you should have access.",
};

export function describeInvitationRefusal(state: Exclude<InvitationState, "valid">): string {
  return refusals[state];
}

/** What an invitation link leads to, for the accept page; never reveals anything for an unknown token. */
export async function viewInvitation(db: Database, params: { token: string; now?: Date }): Promise<InvitationView> {
  const now = params.now ?? new Date();
  const found = await findInvitationByTokenHash(db, { tokenHash: hashLinkToken(params.token) });
  if (!found) return { state: "unknown" };
  const { invitation } = found;
  const state: InvitationState = invitation.acceptedAt
    ? "accepted"
    : invitation.revokedAt
      ? "revoked"
      : invitation.expiresAt <= now
        ? "expired"
        : "valid";
  if (state !== "valid") return { state };
  const user = await findUserByEmail(db, { email: invitation.email });
  return {
    state,
    workspaceName: found.workspaceName,
    email: invitation.email,
    role: invitation.role,
    existingUser: Boolean(user),
  };
}

/**
 * Accepts an invitation: a new person gets an account with the name and password they chose (or
 * none, when they sign in with Microsoft Entra ID); a person who already has an account just joins.
 * The link works once, also under concurrent use; expired and revoked links are refused.
 */
export async function acceptInvitation(
  db: Database,
  params: {
    token: string;
    /** Required for a new account unless `method` is "microsoft". */
    name?: string;
    password?: string;
    method?: "password" | "microsoft";
    address: string | null;
    now?: Date;
  },
): Promise<{ userId: string; email: string; workspaceId: string; workspaceName: string; newAccount: boolean }> {
  const now = params.now ?? new Date();
  const view = await viewInvitation(db, { token: params.token, now });
  if (view.state !== "valid") throw new SafeError(describeInvitationRefusal(view.state), `invitation_${view.state}`);
  const found = (await findInvitationByTokenHash(db, { tokenHash: hashLinkToken(params.token) }))!;
  const { invitation } = found;
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Database;
    const existing = await findUserByEmail(tx, { email: invitation.email });
    let userId = existing?.id;
    if (!userId) {
      // Signing in with Microsoft asks for no name here; the email's local part stands in until they change it.
      const name = params.name?.trim() || (params.method === "microsoft" ? invitation.email.split("@")[0] : "");
      if (!name) throw new SafeError("Enter your name.", "invalid", { name: "Enter your name" });
      if (params.method !== "microsoft" && !params.password) {
        throw new SafeError("Choose a password.", "invalid", { password: "Choose a password" });
      }
      const passwordHash = params.method === "microsoft" ? null : await hashPassword(params.password!);
      userId = (await insertUser(tx, { email: invitation.email, name, passwordHash })).id;
    }
    const accepted = await markInvitationAccepted(tx, {
      workspaceId: invitation.workspaceId,
      invitationId: invitation.id,
      userId,
      at: now,
    });
    if (!accepted) throw new SafeError(describeInvitationRefusal("accepted"), "invitation_accepted");
    await insertMembership(tx, { workspaceId: invitation.workspaceId, userId, role: invitation.role });
    await recordAuditEvent(tx, {
      workspaceId: invitation.workspaceId,
      actorUserId: userId,
      action: "invitation.accepted",
      targetType: "invitation",
      targetId: invitation.id,
      ipAddress: params.address,
      details: { email: invitation.email, role: invitation.role, newAccount: !existing },
    });
    return {
      userId,
      email: invitation.email,
      workspaceId: invitation.workspaceId,
      workspaceName: found.workspaceName,
      newAccount: !existing,
    };
  });
}
