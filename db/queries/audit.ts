import { and, count, desc, eq, gte, like, lt, lte, sql } from "drizzle-orm";
import type { Database } from "../index";
import { auditEvents, users } from "../schema";
import { escapeSqlLikePattern } from "./like-pattern";

export async function recordAuditEvent(
  db: Database,
  event: {
    workspaceId: string;
    actorUserId: string | null;
    action: string;
    targetType: string;
    targetId?: string | null;
    ipAddress?: string | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await db.insert(auditEvents).values({ ...event, details: event.details ?? {} });
}

export interface AuditFilter {
  workspaceId: string;
  /** The part of the action name before the first dot, e.g. `mapping`, `sign-in`. */
  kind?: string;
  action?: string;
  actorUserId?: string;
  from?: Date;
  /** Exclusive. */
  until?: Date;
}

function auditWhere(params: AuditFilter) {
  return and(
    eq(auditEvents.workspaceId, params.workspaceId),
    params.action ? eq(auditEvents.action, params.action) : undefined,
    params.kind ? like(auditEvents.action, `${escapeSqlLikePattern(params.kind)}.%`) : undefined,
    params.actorUserId ? eq(auditEvents.actorUserId, params.actorUserId) : undefined,
    params.from ? gte(auditEvents.occurredAt, params.from) : undefined,
    params.until ? lt(auditEvents.occurredAt, params.until) : undefined,
  );
}

const auditColumns = {
  id: auditEvents.id,
  action: auditEvents.action,
  targetType: auditEvents.targetType,
  targetId: auditEvents.targetId,
  ipAddress: auditEvents.ipAddress,
  details: auditEvents.details,
  occurredAt: auditEvents.occurredAt,
  actorUserId: auditEvents.actorUserId,
  actorEmail: users.email,
  actorName: users.name,
};

export type AuditEntry = {
  id: string;
  action: string;
  targetType: string;
  targetId: string | null;
  ipAddress: string | null;
  details: Record<string, unknown>;
  occurredAt: Date;
  actorUserId: string | null;
  actorEmail: string | null;
  actorName: string | null;
};

/** The workspace's audit events, newest first, with the actor's name and email. */
export async function listAuditEvents(
  db: Database,
  params: AuditFilter & { limit?: number; offset?: number },
): Promise<AuditEntry[]> {
  return db
    .select(auditColumns)
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(auditWhere(params))
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(params.limit ?? 100)
    .offset(params.offset ?? 0);
}

export async function countAuditEvents(db: Database, params: AuditFilter): Promise<number> {
  const [row] = await db.select({ value: count() }).from(auditEvents).where(auditWhere(params));
  return row?.value ?? 0;
}

/** The kinds (action prefixes) and actors that occur in the workspace's log, for the filters. */
export async function listAuditFacets(db: Database, params: { workspaceId: string }) {
  const kinds = await db
    .selectDistinct({ kind: sql<string>`split_part(${auditEvents.action}, '.', 1)` })
    .from(auditEvents)
    .where(eq(auditEvents.workspaceId, params.workspaceId));
  const actors = await db
    .selectDistinct({ id: users.id, email: users.email, name: users.name })
    .from(auditEvents)
    .innerJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(eq(auditEvents.workspaceId, params.workspaceId));
  return {
    kinds: kinds.map((row) => row.kind).sort(),
    actors: actors.sort((left, right) => left.email.localeCompare(right.email)),
  };
}

/** Deletes every workspace's events older than `before`; returns how many went. */
export async function deleteAuditEventsBefore(db: Database, params: { before: Date }): Promise<number> {
  const deleted = await db
    .delete(auditEvents)
    .where(lte(auditEvents.occurredAt, params.before))
    .returning({ id: auditEvents.id });
  return deleted.length;
}
