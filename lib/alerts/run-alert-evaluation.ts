import type { Database } from "@/db";
import type { Alert } from "@/db/schema";
import {
  listMappingSyncHistory,
  listUnmappedOrganizationsWithUsage,
  listWorkspaceIds,
  findWorkspaceName,
} from "@/db/queries/alert-facts";
import {
  findAlertSettings,
  insertOpenAlert,
  listAlertChannels,
  listOpenAlerts,
  updateAlertResolved,
} from "@/db/queries/alerts";
import { findConnection } from "@/db/queries/connections";
import { errorFields, logFor } from "@/lib/logging/logger";
import { buildAlertEvent } from "./alert-events";
import { evaluateAlertConditions, planAlertTransitions, resolveAlertRules, type AlertFacts } from "./alert-rules";
import { enqueueAlertDeliveries } from "./enqueue-alert-delivery";

export interface EvaluationResult {
  opened: number;
  resolved: number;
}

async function readFacts(db: Database, workspaceId: string, syncFailingRuns: number): Promise<AlertFacts> {
  const [connection, mappings, unmappedOrganizations] = await Promise.all([
    findConnection(db, { workspaceId }),
    listMappingSyncHistory(db, { workspaceId, limit: Math.max(1, syncFailingRuns) }),
    listUnmappedOrganizationsWithUsage(db, { workspaceId }),
  ]);
  return {
    connection: connection ? { status: connection.status, reason: connection.statusReason } : null,
    mappings,
    unmappedOrganizations,
  };
}

/**
 * Evaluates one workspace's rules: opens an alert (and sends it to every enabled channel) for each
 * condition that newly holds, and resolves (with a "resolved" message) each open alert whose condition
 * no longer holds. While a condition holds nothing more is sent.
 */
export async function evaluateWorkspaceAlerts(
  db: Database,
  params: { workspaceId: string; now: Date },
): Promise<EvaluationResult> {
  const { workspaceId, now } = params;
  const settings = await findAlertSettings(db, { workspaceId });
  const rules = resolveAlertRules(settings?.rules);
  const facts = await readFacts(db, workspaceId, rules["sync-failing"].threshold ?? 3);
  const conditions = evaluateAlertConditions(facts, rules, now);
  const open = await listOpenAlerts(db, { workspaceId });
  const { toOpen, toResolve } = planAlertTransitions(open, conditions);
  if (toOpen.length === 0 && toResolve.length === 0) return { opened: 0, resolved: 0 };
  const [channels, workspaceName] = await Promise.all([
    listAlertChannels(db, { workspaceId, enabledOnly: true }),
    findWorkspaceName(db, { workspaceId }),
  ]);
  const workspace = { id: workspaceId, name: workspaceName ?? "Workspace" };
  const log = logFor({ workspaceId });
  /** Sends an alert that was opened or resolved (null: another evaluation got there first) to every channel. */
  const announce = async (alert: Alert | null, type: "alert.opened" | "alert.resolved"): Promise<number> => {
    if (!alert) return 0;
    log.info({ alertId: alert.id, rule: alert.rule }, type === "alert.opened" ? "alert opened" : "alert resolved");
    await enqueueAlertDeliveries(db, {
      workspaceId,
      channels,
      alertId: alert.id,
      event: buildAlertEvent({ type, alert, workspace, now }),
    });
    return 1;
  };
  let opened = 0;
  let resolved = 0;
  for (const condition of toOpen) {
    const alert = await insertOpenAlert(db, { workspaceId, values: { ...condition, openedAt: now } });
    opened += await announce(alert, "alert.opened");
  }
  for (const stale of toResolve) {
    const alert = await updateAlertResolved(db, { workspaceId, alertId: stale.id, resolvedAt: now });
    resolved += await announce(alert, "alert.resolved");
  }
  return { opened, resolved };
}

/** The every-minute evaluation of every workspace; one workspace's failure does not stop the others. */
export async function runAlertEvaluation(db: Database, params: { now?: Date } = {}): Promise<EvaluationResult> {
  const now = params.now ?? new Date();
  const total = { opened: 0, resolved: 0 };
  for (const workspaceId of await listWorkspaceIds(db)) {
    try {
      const result = await evaluateWorkspaceAlerts(db, { workspaceId, now });
      total.opened += result.opened;
      total.resolved += result.resolved;
    } catch (error) {
      logFor({ workspaceId }).error(errorFields(error), "alert evaluation failed");
    }
  }
  return total;
}
