import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../index";
import { auditEvents } from "../schema";

export async function recordAuditEvent(
  db: Database,
  event: {
    workspaceId: string;
    actorUserId: string | null;
    action: string;
    targetType: string;
    targetId?: string | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await db.insert(auditEvents).values({ ...event, details: event.details ?? {} });
}

export async function listAuditEvents(db: Database, params: { workspaceId: string; action?: string; limit?: number }) {
  return db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.workspaceId, params.workspaceId),
        params.action ? eq(auditEvents.action, params.action) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.occurredAt))
    .limit(params.limit ?? 100);
}
