import { createHash } from "node:crypto";
import type { Database } from "@/db";
import {
  deleteAuthSession,
  deleteIdleAuthSessions,
  findAuthSession,
  findSessionSubject,
  insertAuthSession,
  updateAuthSession,
} from "@/db/queries/sessions";
import { sessionMaxAgeSeconds } from "./auth.config";

/** How often a session's last-seen time is written (not on every request). */
const lastSeenResolutionMs = 60_000;

/** A digest of the password hash: it changes whenever the password does, and reveals nothing of it. */
export function credentialStamp(passwordHash: string | null): string {
  return createHash("sha256")
    .update(`billbridge-session:${passwordHash ?? ""}`)
    .digest("base64url");
}

/** Records a new session for a person who just signed in; its id goes into the session cookie. */
export async function startServerSession(db: Database, params: { userId: string; now?: Date }): Promise<string> {
  const now = params.now ?? new Date();
  const subject = await findSessionSubject(db, { userId: params.userId });
  if (!subject) throw new Error("A session can only start for an existing user");
  await deleteIdleAuthSessions(db, { idleBefore: new Date(now.getTime() - sessionMaxAgeSeconds * 1000) });
  return insertAuthSession(db, {
    userId: params.userId,
    credentialStamp: credentialStamp(subject.passwordHash),
    memberships: subject.memberships,
  });
}

/**
 * Whether the session a cookie names still stands. It ends (its row deleted, for good) when it was
 * signed out, when the password changed, or when a membership it began with was removed or its role
 * changed; joining another workspace keeps it.
 */
export async function confirmServerSession(
  db: Database,
  params: { sessionId: string; userId: string; now?: Date },
): Promise<boolean> {
  const now = params.now ?? new Date();
  const session = await findAuthSession(db, { sessionId: params.sessionId });
  if (!session || session.userId !== params.userId) return false;
  const subject = await findSessionSubject(db, { userId: params.userId });
  const idle = now.getTime() - session.lastSeenAt.getTime() > sessionMaxAgeSeconds * 1000;
  const passwordChanged = !subject || credentialStamp(subject.passwordHash) !== session.credentialStamp;
  const membershipLost = session.memberships.some(
    (held) =>
      !subject?.memberships.some((current) => current.workspaceId === held.workspaceId && current.role === held.role),
  );
  if (idle || passwordChanged || membershipLost) {
    await deleteAuthSession(db, { sessionId: session.id });
    return false;
  }
  const joined = subject.memberships.length !== session.memberships.length;
  if (joined || now.getTime() - session.lastSeenAt.getTime() > lastSeenResolutionMs) {
    await updateAuthSession(db, {
      sessionId: session.id,
      lastSeenAt: now,
      memberships: joined ? subject.memberships : undefined,
    });
  }
  return true;
}

/** Sign-out: the session's row goes, so a copy of its cookie signs nobody in any more. */
export async function endServerSession(db: Database, params: { sessionId: string }): Promise<void> {
  await deleteAuthSession(db, { sessionId: params.sessionId });
}
