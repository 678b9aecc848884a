import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db";
import { auditEvents, authSessions, invitations, memberships } from "@/db/schema";
import { exportAuditCsvAction, listAuditAction } from "@/lib/actions/audit";
import {
  changeRoleAction,
  invitePersonAction,
  listPeopleAction,
  removeMemberAction,
  resendInvitationAction,
  revokeInvitationAction,
} from "@/lib/actions/people";
import { resolveWorkspaceContext } from "@/lib/auth/context";
import { verifyCredentials } from "@/lib/auth/credentials";
import { confirmServerSession, startServerSession } from "@/lib/auth/server-session";
import { runAuditPrune } from "@/lib/audit/run-audit-prune";
import { acceptInvitation, viewInvitation } from "@/lib/people/accept-invitation";
import {
  completePasswordReset,
  passwordResetRequestedMessage,
  requestPasswordReset,
} from "@/lib/people/reset-password";
import { createTestDatabase } from "../harness/database";
import { linkIn, startSmtpReceiver, type SmtpReceiver } from "../harness/smtp-receiver";
import { createTestWorkspace, testPassword, type TestWorkspace } from "../harness/workspaces";

const baseUrl = "http://console.billbridge.test";
const tokenOf = (link: string) => link.split("/").pop()!;

describe("people: invitations, roles, password reset and the audit log", () => {
  let db: Database;
  let smtp: SmtpReceiver;
  let a: TestWorkspace;
  let b: TestWorkspace;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    process.env.SMTP_URL = smtp.url;
    process.env.MAIL_FROM = "Billbridge <billbridge@msp.test>";
    ({ db } = await createTestDatabase());
    a = await createTestWorkspace(db, "A");
    b = await createTestWorkspace(db, "B");
  });
  afterAll(async () => {
    await smtp?.stop();
  });

  /** A's owner acting from a known address, with links built on the console's URL. */
  const asOwnerOfA = async () => ({ ...(await a.as("owner")), address: "203.0.113.7", baseUrl });
  const asAdminOfA = async () => ({ ...(await a.as("admin")), address: "203.0.113.8", baseUrl });

  async function auditOf(workspaceId: string, action: string) {
    return db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.workspaceId, workspaceId), eq(auditEvents.action, action)));
  }

  it("invites by email; the colleague accepts from the received link, signs in and is a member with that role", async () => {
    const invited = await invitePersonAction.execute(asAdminOfA(), { email: "Colleague@Example.test", role: "admin" });
    expect(invited).toMatchObject({ ok: true, data: { email: "colleague@example.test", mailSent: true, link: null } });

    const mail = await smtp.waitFor((message) => message.to.includes("colleague@example.test"));
    expect(mail.from).toBe("billbridge@msp.test");
    expect(mail.subject).toBe("You're invited to Workspace A on Billbridge");
    const link = linkIn(mail, "/invitations/");
    expect(link.startsWith(`${baseUrl}/invitations/`)).toBe(true);

    // Only the token's hash is stored.
    const [row] = await db.select().from(invitations).where(eq(invitations.email, "colleague@example.test"));
    expect(row!.tokenHash).not.toContain(tokenOf(link));
    expect(row!.expiresAt.getTime() - row!.sentAt.getTime()).toBe(7 * 24 * 60 * 60 * 1000);

    expect(await viewInvitation(db, { token: tokenOf(link) })).toMatchObject({
      state: "valid",
      workspaceName: "Workspace A",
      role: "admin",
      existingUser: false,
    });
    const accepted = await acceptInvitation(db, {
      token: tokenOf(link),
      name: "Carla Colleague",
      password: "a long enough password",
      address: "198.51.100.4",
    });
    expect(accepted).toMatchObject({ workspaceId: a.id, newAccount: true });

    const signedIn = await verifyCredentials(
      db,
      { email: "colleague@example.test", password: "a long enough password" },
      "198.51.100.4",
    );
    expect(signedIn).toMatchObject({ ok: true, user: { name: "Carla Colleague" } });
    const context = await resolveWorkspaceContext(db, { userId: accepted.userId });
    expect(context).toMatchObject({ workspace: { id: a.id }, role: "admin" });

    const people = await listPeopleAction.execute(a.as("owner"), {});
    if (!people.ok) throw new Error(people.error);
    const member = people.data.members.find((entry) => entry.email === "colleague@example.test");
    expect(member).toMatchObject({ role: "admin", name: "Carla Colleague" });
    expect(member!.lastSignInAt).toBeInstanceOf(Date);
    expect(people.data.invitations.map((entry) => entry.email)).not.toContain("colleague@example.test");

    expect(await auditOf(a.id, "invitation.created")).toEqual([
      expect.objectContaining({ actorUserId: a.users.admin.id, ipAddress: "203.0.113.8" }),
    ]);
    expect(await auditOf(a.id, "invitation.accepted")).toEqual([
      expect.objectContaining({ actorUserId: accepted.userId, ipAddress: "198.51.100.4" }),
    ]);
    expect(await auditOf(a.id, "sign-in.succeeded")).toEqual([
      expect.objectContaining({ actorUserId: accepted.userId, ipAddress: "198.51.100.4" }),
    ]);

    // Single use: the same link again is refused.
    expect(await viewInvitation(db, { token: tokenOf(link) })).toEqual({ state: "accepted" });
    await expect(
      acceptInvitation(db, { token: tokenOf(link), name: "X", password: "another long password", address: null }),
    ).rejects.toThrow(/already been used/);
  });

  it("refuses expired, revoked, replaced and unknown links", async () => {
    const expiring = await invitePersonAction.execute(asOwnerOfA(), { email: "late@example.test", role: "viewer" });
    if (!expiring.ok) throw new Error(expiring.error);
    const lateLink = linkIn(await smtp.waitFor((mail) => mail.to.includes("late@example.test")), "/invitations/");
    const eightDaysLater = new Date(Date.now() + 8 * 24 * 60 * 60 * 1000);
    expect(await viewInvitation(db, { token: tokenOf(lateLink), now: eightDaysLater })).toEqual({ state: "expired" });
    await expect(
      acceptInvitation(db, {
        token: tokenOf(lateLink),
        name: "Late",
        password: "a long enough password",
        address: null,
        now: eightDaysLater,
      }),
    ).rejects.toThrow(/expired/);

    // Resend: a new link, the old one stops working.
    const resent = await resendInvitationAction.execute(asOwnerOfA(), { invitationId: expiring.data.invitationId });
    expect(resent).toMatchObject({ ok: true, data: { mailSent: true } });
    const mails = smtp.messages.filter((mail) => mail.to.includes("late@example.test"));
    await smtp.waitFor(() => smtp.messages.filter((mail) => mail.to.includes("late@example.test")).length === 2);
    const newLink = linkIn(smtp.messages.filter((mail) => mail.to.includes("late@example.test"))[1]!, "/invitations/");
    expect(mails.length).toBeGreaterThanOrEqual(1);
    expect(newLink).not.toBe(lateLink);
    expect(await viewInvitation(db, { token: tokenOf(lateLink) })).toEqual({ state: "unknown" });
    expect(await viewInvitation(db, { token: tokenOf(newLink) })).toMatchObject({ state: "valid" });

    // Revoke: the current link is refused.
    expect(
      await revokeInvitationAction.execute(asOwnerOfA(), { invitationId: expiring.data.invitationId }),
    ).toMatchObject({ ok: true });
    expect(await viewInvitation(db, { token: tokenOf(newLink) })).toEqual({ state: "revoked" });
    await expect(
      acceptInvitation(db, {
        token: tokenOf(newLink),
        name: "Late",
        password: "a long enough password",
        address: null,
      }),
    ).rejects.toThrow(/revoked/);
    expect(await viewInvitation(db, { token: "not-a-real-token-not-a-real-token" })).toEqual({ state: "unknown" });

    expect((await auditOf(a.id, "invitation.resent")).length).toBe(1);
    expect((await auditOf(a.id, "invitation.revoked")).length).toBe(1);
  });

  it("lets a person of another workspace just accept, keeping their password", async () => {
    const invited = await invitePersonAction.execute(asOwnerOfA(), { email: b.users.viewer.email, role: "billing" });
    expect(invited).toMatchObject({ ok: true });
    const link = linkIn(await smtp.waitFor((mail) => mail.to.includes(b.users.viewer.email)), "/invitations/");
    expect(await viewInvitation(db, { token: tokenOf(link) })).toMatchObject({ existingUser: true, role: "billing" });
    const accepted = await acceptInvitation(db, { token: tokenOf(link), address: null });
    expect(accepted).toMatchObject({ userId: b.users.viewer.id, newAccount: false });
    expect(await verifyCredentials(db, { email: b.users.viewer.email, password: testPassword }, "x")).toMatchObject({
      ok: true,
    });
    expect(await resolveWorkspaceContext(db, { userId: b.users.viewer.id, requestedWorkspaceId: a.id })).toMatchObject({
      role: "billing",
    });
    expect(await resolveWorkspaceContext(db, { userId: b.users.viewer.id, requestedWorkspaceId: b.id })).toMatchObject({
      role: "viewer",
    });
  });

  it("refuses inviting a member or someone already invited, and admins inviting owners", async () => {
    expect(
      await invitePersonAction.execute(asOwnerOfA(), { email: a.users.viewer.email, role: "admin" }),
    ).toMatchObject({ ok: false, code: "conflict" });
    await invitePersonAction.execute(asOwnerOfA(), { email: "twice@example.test", role: "viewer" });
    expect(
      await invitePersonAction.execute(asOwnerOfA(), { email: "twice@example.test", role: "viewer" }),
    ).toMatchObject({ ok: false, code: "conflict" });
    expect(await invitePersonAction.execute(asAdminOfA(), { email: "boss@example.test", role: "owner" })).toMatchObject(
      {
        ok: false,
        code: "forbidden",
      },
    );
  });

  it("keeps the last owner, keeps owners to owners and refuses raising one's own role", async () => {
    const demote = await changeRoleAction.execute(asOwnerOfA(), { userId: a.users.owner.id, role: "admin" });
    expect(demote).toMatchObject({ ok: false, code: "forbidden", error: expect.stringMatching(/last owner/) });
    const remove = await removeMemberAction.execute(asOwnerOfA(), { userId: a.users.owner.id });
    expect(remove).toMatchObject({ ok: false, error: expect.stringMatching(/last owner/) });
    expect(await changeRoleAction.execute(asAdminOfA(), { userId: a.users.admin.id, role: "owner" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/raise your own role/),
    });
    expect(await changeRoleAction.execute(asAdminOfA(), { userId: a.users.owner.id, role: "viewer" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Only an owner/),
    });

    // The owner hands over: promotes the admin, then steps down; the new owner can't be the last one demoted.
    expect(await changeRoleAction.execute(asOwnerOfA(), { userId: a.users.admin.id, role: "owner" })).toMatchObject({
      ok: true,
    });
    expect(await changeRoleAction.execute(asOwnerOfA(), { userId: a.users.owner.id, role: "admin" })).toMatchObject({
      ok: true,
    });
    const newOwner = { ...(await a.as("admin")), address: "203.0.113.9" };
    expect(newOwner.role).toBe("owner");
    expect(await changeRoleAction.execute(newOwner, { userId: a.users.admin.id, role: "viewer" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/last owner/),
    });
    expect(await changeRoleAction.execute(newOwner, { userId: a.users.owner.id, role: "owner" })).toMatchObject({
      ok: true,
    });
    expect(await changeRoleAction.execute(newOwner, { userId: a.users.admin.id, role: "admin" })).toMatchObject({
      ok: true,
    });

    expect(await removeMemberAction.execute(asAdminOfA(), { userId: a.users.viewer.id })).toMatchObject({ ok: true });
    const left = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.workspaceId, a.id), eq(memberships.userId, a.users.viewer.id)));
    expect(left).toEqual([]);
    const changes = await auditOf(a.id, "member.role-changed");
    expect(changes.map((event) => event.details)).toContainEqual(
      expect.objectContaining({ email: a.users.admin.email, from: "admin", to: "owner" }),
    );
    expect(await auditOf(a.id, "member.removed")).toEqual([
      expect.objectContaining({ actorUserId: a.users.admin.id, targetId: a.users.viewer.id, ipAddress: "203.0.113.8" }),
    ]);
  });

  it("resets a password by emailed link without revealing whether an account exists", async () => {
    const email = b.users.admin.email;
    const unknown = await requestPasswordReset(db, { email: "nobody@example.test", address: "192.0.2.1", baseUrl });
    const known = await requestPasswordReset(db, { email, address: "192.0.2.1", baseUrl });
    expect(unknown).toEqual({ message: passwordResetRequestedMessage });
    expect(known).toEqual(unknown);
    const mail = await smtp.waitFor((message) => message.to.includes(email));
    expect(smtp.messages.some((message) => message.to.includes("nobody@example.test"))).toBe(false);
    const link = linkIn(mail, "/reset-password/");

    // Signed in on two devices before the reset: both sessions end with it.
    const sessions = [
      await startServerSession(db, { userId: b.users.admin.id }),
      await startServerSession(db, { userId: b.users.admin.id }),
    ];
    expect(await confirmServerSession(db, { sessionId: sessions[0]!, userId: b.users.admin.id })).toBe(true);
    await completePasswordReset(db, { token: tokenOf(link), password: "the new long password", address: "192.0.2.1" });
    for (const sessionId of sessions) {
      expect(await confirmServerSession(db, { sessionId, userId: b.users.admin.id })).toBe(false);
    }
    expect(await db.select().from(authSessions).where(eq(authSessions.userId, b.users.admin.id))).toEqual([]);
    expect(await verifyCredentials(db, { email, password: testPassword }, "192.0.2.1")).toMatchObject({ ok: false });
    expect(await verifyCredentials(db, { email, password: "the new long password" }, "192.0.2.1")).toMatchObject({
      ok: true,
    });
    await expect(
      completePasswordReset(db, { token: tokenOf(link), password: "yet another password", address: null }),
    ).rejects.toThrow(/expired or was already used/);
    expect(await auditOf(b.id, "password.changed")).toEqual([
      expect.objectContaining({ actorUserId: b.users.admin.id, ipAddress: "192.0.2.1" }),
    ]);
    expect((await auditOf(b.id, "sign-in.failed")).at(-1)).toMatchObject({
      actorUserId: b.users.admin.id,
      details: { reason: "wrong-password" },
    });
  });

  it("mails at most three reset links an hour per account, with the same answer", async () => {
    const email = b.users.owner.email;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await requestPasswordReset(db, { email, address: `192.0.2.${10 + attempt}`, baseUrl })).toEqual({
        message: passwordResetRequestedMessage,
      });
    }
    await smtp.waitFor(() => smtp.messages.filter((mail) => mail.to.includes(email)).length === 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages.filter((mail) => mail.to.includes(email)).length).toBe(3);
  });

  it("refuses a flood of reset requests from one address", async () => {
    let refused: unknown = null;
    for (let attempt = 0; attempt < 25 && !refused; attempt += 1) {
      await requestPasswordReset(db, {
        email: `probe-${attempt}@example.test`,
        address: "192.0.2.200",
        baseUrl,
      }).catch((error: unknown) => (refused = error));
    }
    expect(String(refused)).toMatch(/Too many requests from your network/);
  });

  it("shows the audit log filtered by kind, person and date, and exports it as CSV", async () => {
    const all = await listAuditAction.execute(a.as("owner"), {});
    if (!all.ok) throw new Error(all.error);
    expect(all.data.facets.kinds).toEqual(expect.arrayContaining(["invitation", "member", "sign-in"]));

    const invitationsOnly = await listAuditAction.execute(a.as("owner"), { kind: "invitation" });
    if (!invitationsOnly.ok) throw new Error(invitationsOnly.error);
    expect(invitationsOnly.data.entries.length).toBeGreaterThan(0);
    expect(invitationsOnly.data.entries.every((entry) => entry.action.startsWith("invitation."))).toBe(true);

    const byAdmin = await listAuditAction.execute(a.as("owner"), { actorUserId: a.users.admin.id });
    if (!byAdmin.ok) throw new Error(byAdmin.error);
    expect(byAdmin.data.entries.every((entry) => entry.actorEmail === a.users.admin.email)).toBe(true);

    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const future = await listAuditAction.execute(a.as("owner"), { from: tomorrow });
    expect(future).toMatchObject({ ok: true, data: { total: 0, entries: [] } });

    const csv = await exportAuditCsvAction.execute(a.as("owner"), { kind: "member" });
    if (!csv.ok) throw new Error(csv.error);
    const lines = csv.data.csv.trim().split("\r\n");
    expect(lines[0]).toBe("occurred_at,action,actor_email,actor_name,ip_address,target_type,target_id,details");
    expect(lines.slice(1).every((line) => /,member\./.test(line))).toBe(true);
    expect(lines.some((line) => line.includes("203.0.113.8"))).toBe(true);

    // B's log never shows A's events.
    const bLog = await listAuditAction.execute(b.as("owner"), { kind: "member" });
    expect(bLog).toMatchObject({ ok: true, data: { total: 0 } });
    expect(await listAuditAction.execute(a.as("billing"), {})).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("prunes events past the retention", async () => {
    await db.insert(auditEvents).values({
      workspaceId: a.id,
      actorUserId: null,
      action: "usage.snapshot",
      targetType: "usage",
      occurredAt: new Date(Date.now() - 401 * 24 * 60 * 60 * 1000),
    });
    const before = (await db.select().from(auditEvents)).length;
    const result = await runAuditPrune(db, { retentionDays: 400 });
    expect(result.deleted).toBe(1);
    expect((await db.select().from(auditEvents)).length).toBe(before - 1);
  });
});
