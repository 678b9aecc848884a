import type { Database } from "@/db";
import { countFailedRuns, findWorkspaceName, listDriftCorrections } from "@/db/queries/alert-facts";
import { listHeldChanges } from "@/db/queries/approvals";
import {
  findAlertSettings,
  listAlertChannels,
  listDigestWorkspaceIds,
  listOpenAlerts,
  updateDigestSent,
} from "@/db/queries/alerts";
import { errorFields, logFor } from "@/lib/logging/logger";
import { publicBaseUrl } from "@/lib/people/public-url";
import { buildDigestEvent, type DigestContent } from "./alert-events";
import { describeRule, resolveAlertRules } from "./alert-rules";
import { enqueueAlertDeliveries } from "./enqueue-alert-delivery";
import { summarizeWaitingApprovals } from "./summarize-waiting-approvals";

const dayMs = 24 * 3600_000;

/**
 * What the daily digest of a workspace says: open alerts, drift corrected and failed runs of the last day,
 * and the changes waiting for approval now.
 */
export async function buildWorkspaceDigest(
  db: Database,
  params: { workspaceId: string; now: Date; driftIncluded: boolean; approvalsIncluded: boolean },
): Promise<DigestContent> {
  const since = new Date(params.now.getTime() - dayMs);
  const [open, drift, held, failedRuns] = await Promise.all([
    listOpenAlerts(db, { workspaceId: params.workspaceId }),
    params.driftIncluded ? listDriftCorrections(db, { workspaceId: params.workspaceId, since }) : Promise.resolve([]),
    params.approvalsIncluded
      ? listHeldChanges(db, { workspaceId: params.workspaceId, states: ["held"] })
      : Promise.resolve(null),
    countFailedRuns(db, { workspaceId: params.workspaceId, since }),
  ]);
  return {
    since: since.toISOString(),
    openAlerts: open.map((alert) => ({
      rule: alert.rule,
      ruleLabel: describeRule(alert.rule),
      subject: alert.subjectLabel,
      message: alert.message,
      openedAt: alert.openedAt.toISOString(),
    })),
    driftCorrected: drift.map((entry) => ({ organization: entry.organizationName, corrections: entry.corrections })),
    waitingForApproval: held ? summarizeWaitingApprovals(held, params.now) : null,
    approvalsUrl: `${publicBaseUrl()}/approvals`,
    failedRuns,
  };
}

/** Sends one workspace's digest to its channels, at most once per day. Returns whether it was sent. */
export async function sendWorkspaceDigest(db: Database, params: { workspaceId: string; now: Date }): Promise<boolean> {
  const { workspaceId, now } = params;
  const settings = await findAlertSettings(db, { workspaceId });
  const rules = resolveAlertRules(settings?.rules);
  const claimed = await updateDigestSent(db, {
    workspaceId,
    sentAt: now,
    notBefore: new Date(now.getTime() - dayMs + 3600_000),
    rules,
  });
  if (!claimed) return false;
  const channels = await listAlertChannels(db, { workspaceId, enabledOnly: true });
  const digest = await buildWorkspaceDigest(db, {
    workspaceId,
    now,
    driftIncluded: rules["drift-corrected"].enabled,
    approvalsIncluded: rules["approvals-waiting"].enabled,
  });
  const workspace = { id: workspaceId, name: (await findWorkspaceName(db, { workspaceId })) ?? "Workspace" };
  await enqueueAlertDeliveries(db, {
    workspaceId,
    channels,
    alertId: null,
    event: buildDigestEvent({ workspace, now, digest }),
  });
  logFor({ workspaceId }).info({ channels: channels.length }, "alert digest sent");
  return true;
}

/** The hourly pass: sends the digest of every workspace that asked for it at this hour (UTC). */
export async function runAlertDigest(db: Database, params: { now?: Date } = {}): Promise<{ sent: number }> {
  const now = params.now ?? new Date();
  let sent = 0;
  for (const workspaceId of await listDigestWorkspaceIds(db, { hourUtc: now.getUTCHours() })) {
    try {
      if (await sendWorkspaceDigest(db, { workspaceId, now })) sent++;
    } catch (error) {
      logFor({ workspaceId }).error(errorFields(error), "alert digest failed");
    }
  }
  return { sent };
}
