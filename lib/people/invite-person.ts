import type { Database } from "@/db";
import type { MembershipRole } from "@/db/schema";
import { recordAuditEvent } from "@/db/queries/audit";
import {
  findOpenInvitationForEmail,
  findPendingInvitation,
  insertInvitation,
  revokeInvitation as revokeInvitationRow,
  updateInvitationToken,
} from "@/db/queries/invitations";
import { findMember } from "@/db/queries/members";
import { findUserByEmail } from "@/db/queries/workspaces";
import { roleLabels } from "@/lib/auth/roles";
import { SafeError } from "@/lib/errors";
import { sendMail } from "@/lib/mail";
import { createLinkToken } from "./link-token";
import { invitationLink } from "./public-url";

export const invitationLifetimeDays = 7;

export interface InvitationOutcome {
  invitationId: string;
  email: string;
  role: MembershipRole;
  /** The single-use link. Shown to the inviter only when no mail was sent. */
  link: string;
  expiresAt: Date;
  mailSent: boolean;
}

interface Inviter {
  userId: string | null;
  /** How the invitation names who sent it, e.g. "Ann Smith (ann@msp.example)" or "Your vendor". */
  description: string;
  address: string | null;
}

function expiryFrom(now: Date): Date {
  return new Date(now.getTime() + invitationLifetimeDays * 24 * 60 * 60 * 1000);
}

async function mailInvitation(params: {
  email: string;
  workspaceName: string;
  role: MembershipRole;
  link: string;
  inviter: string;
  expiresAt: Date;
}): Promise<boolean> {
  const role = roleLabels[params.role].toLowerCase();
  const expires = params.expiresAt.toUTCString();
  const { sent } = await sendMail({
    to: params.email,
    subject: `You're invited to ${params.workspaceName} on Billbridge`,
    text: [
      `${params.inviter} invited you to join the ${params.workspaceName} workspace on Billbridge as ${role}.`,
      "",
      "Accept the invitation:",
      params.link,
      "",
      `The link works once and expires on ${expires}. If you didn't expect this invitation, ignore this message.`,
    ].join("\n"),
    html: `<p>${escapeHtml(params.inviter)} invited you to join the <strong>${escapeHtml(params.workspaceName)}</strong> workspace on Billbridge as ${role}.</p><p><a href="${escapeHtml(params.link)}">Accept the invitation</a></p><p>The link works once and expires on ${expires}. If you didn't expect this invitation, ignore this message.</p>`,
  });
  return sent;
}

/**
 * Invites an email address into a workspace with a role: stores the hash of a fresh single-use
 * token valid 7 days, and mails the link when SMTP is configured. A person already a member, or
 * already invited (pending, unexpired), is refused with a message saying so.
 */
export async function invitePerson(
  db: Database,
  params: {
    workspace: { id: string; name: string };
    email: string;
    role: MembershipRole;
    inviter: Inviter;
    baseUrl: string;
    now?: Date;
  },
): Promise<InvitationOutcome> {
  const now = params.now ?? new Date();
  const existingUser = await findUserByEmail(db, { email: params.email });
  if (existingUser && (await findMember(db, { workspaceId: params.workspace.id, userId: existingUser.id }))) {
    throw new SafeError(`${params.email} is already a member of this workspace.`, "conflict", {
      email: "Already a member",
    });
  }
  if (await findOpenInvitationForEmail(db, { workspaceId: params.workspace.id, email: params.email, now })) {
    throw new SafeError(`${params.email} already has a pending invitation. Resend it or revoke it first.`, "conflict", {
      email: "Already invited",
    });
  }
  const { token, tokenHash } = createLinkToken();
  const expiresAt = expiryFrom(now);
  const invitation = await insertInvitation(db, {
    workspaceId: params.workspace.id,
    email: params.email,
    role: params.role,
    tokenHash,
    invitedByUserId: params.inviter.userId,
    sentAt: now,
    expiresAt,
  });
  return deliverInvitation(db, {
    workspace: params.workspace,
    invitation: { id: invitation.id, email: params.email, role: params.role },
    link: invitationLink(params.baseUrl, token),
    expiresAt,
    inviter: params.inviter,
    action: "invitation.created",
  });
}

/** Sends a pending invitation again with a new link and a new 7-day expiry; the old link stops working. */
export async function resendInvitation(
  db: Database,
  params: {
    workspace: { id: string; name: string };
    invitationId: string;
    inviter: Inviter;
    baseUrl: string;
    now?: Date;
  },
): Promise<InvitationOutcome> {
  const now = params.now ?? new Date();
  const pending = await findPendingInvitation(db, {
    workspaceId: params.workspace.id,
    invitationId: params.invitationId,
  });
  if (!pending) throw new SafeError("That invitation was accepted or revoked, or doesn't exist.", "not-found");
  const { token, tokenHash } = createLinkToken();
  const expiresAt = expiryFrom(now);
  await updateInvitationToken(db, {
    workspaceId: params.workspace.id,
    invitationId: pending.id,
    tokenHash,
    expiresAt,
    sentAt: now,
  });
  return deliverInvitation(db, {
    workspace: params.workspace,
    invitation: pending,
    link: invitationLink(params.baseUrl, token),
    expiresAt,
    inviter: params.inviter,
    action: "invitation.resent",
  });
}

/** Mails an invitation's new link (when SMTP_URL is set) and audits that it was created or resent. */
async function deliverInvitation(
  db: Database,
  params: {
    workspace: { id: string; name: string };
    invitation: { id: string; email: string; role: MembershipRole };
    link: string;
    expiresAt: Date;
    inviter: Inviter;
    action: "invitation.created" | "invitation.resent";
  },
): Promise<InvitationOutcome> {
  const { invitation, link, expiresAt } = params;
  const mailSent = await mailInvitation({
    email: invitation.email,
    workspaceName: params.workspace.name,
    role: invitation.role,
    link,
    inviter: params.inviter.description,
    expiresAt,
  });
  await recordAuditEvent(db, {
    workspaceId: params.workspace.id,
    actorUserId: params.inviter.userId,
    action: params.action,
    targetType: "invitation",
    targetId: invitation.id,
    ipAddress: params.inviter.address,
    details: { email: invitation.email, role: invitation.role, mailSent },
  });
  return { invitationId: invitation.id, email: invitation.email, role: invitation.role, link, expiresAt, mailSent };
}

export async function revokeInvitation(
  db: Database,
  params: { workspaceId: string; invitationId: string; actorUserId: string; address: string | null },
): Promise<{ invitationId: string; email: string }> {
  const revoked = await revokeInvitationRow(db, {
    workspaceId: params.workspaceId,
    invitationId: params.invitationId,
    at: new Date(),
  });
  if (!revoked) throw new SafeError("That invitation was accepted or revoked, or doesn't exist.", "not-found");
  await recordAuditEvent(db, {
    workspaceId: params.workspaceId,
    actorUserId: params.actorUserId,
    action: "invitation.revoked",
    targetType: "invitation",
    targetId: revoked.id,
    ipAddress: params.address,
    details: { email: revoked.email, role: revoked.role },
  });
  return { invitationId: revoked.id, email: revoked.email };
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character]!,
  );
}
