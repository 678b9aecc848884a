import { randomUUID } from "node:crypto";
import type { Alert, AlertEventType } from "@/db/schema";
import { describeRule } from "./alert-rules";
import { describeWaitingApprovals, type WaitingApprovalSummary } from "./summarize-waiting-approvals";

/** The JSON body of a webhook (and the content of an email) for one event. */
export interface AlertEventPayload {
  [key: string]: unknown;
  id: string;
  type: AlertEventType;
  createdAt: string;
  workspace: { id: string; name: string };
  alert?: {
    id: string;
    rule: string;
    ruleLabel: string;
    subject: string;
    message: string;
    state: "open" | "resolved";
    openedAt: string;
    resolvedAt: string | null;
  };
  digest?: DigestContent;
  message?: string;
}

export interface DigestContent {
  since: string;
  openAlerts: Array<{ rule: string; ruleLabel: string; subject: string; message: string; openedAt: string }>;
  driftCorrected: Array<{ organization: string; corrections: number }>;
  /** Changes held for approval and not yet decided, per organization; null while that rule is off. */
  waitingForApproval: WaitingApprovalSummary[] | null;
  /** The Approvals page, where they are approved or rejected. */
  approvalsUrl: string;
  failedRuns: number;
}

export function buildAlertEvent(params: {
  type: "alert.opened" | "alert.resolved";
  alert: Alert;
  workspace: { id: string; name: string };
  now: Date;
}): AlertEventPayload {
  const { alert } = params;
  return {
    id: randomUUID(),
    type: params.type,
    createdAt: params.now.toISOString(),
    workspace: params.workspace,
    alert: {
      id: alert.id,
      rule: alert.rule,
      ruleLabel: describeRule(alert.rule),
      subject: alert.subjectLabel,
      message: alert.message,
      state: alert.state,
      openedAt: alert.openedAt.toISOString(),
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    },
  };
}

export function buildTestEvent(params: { workspace: { id: string; name: string }; now: Date }): AlertEventPayload {
  return {
    id: randomUUID(),
    type: "test",
    createdAt: params.now.toISOString(),
    workspace: params.workspace,
    message: "This is a test event from Billbridge. Alerts for this workspace will arrive here.",
  };
}

export function buildDigestEvent(params: {
  workspace: { id: string; name: string };
  now: Date;
  digest: DigestContent;
}): AlertEventPayload {
  return {
    id: randomUUID(),
    type: "digest",
    createdAt: params.now.toISOString(),
    workspace: params.workspace,
    digest: params.digest,
  };
}

/** Subject and plain text of the email for an event. */
export function renderAlertEmail(event: AlertEventPayload): { subject: string; text: string } {
  const prefix = `[Billbridge · ${event.workspace.name}]`;
  if (event.type === "test") {
    return { subject: `${prefix} Test alert`, text: `${event.message}\n` };
  }
  if (event.type === "digest" && event.digest) {
    const digest = event.digest;
    const lines = [`Daily summary since ${digest.since}.`, ""];
    lines.push(digest.openAlerts.length === 0 ? "No open alerts." : `Open alerts (${digest.openAlerts.length}):`);
    for (const alert of digest.openAlerts) lines.push(`- ${alert.ruleLabel}: ${alert.message}`);
    lines.push("");
    lines.push(
      digest.driftCorrected.length === 0
        ? "No drift corrected."
        : `Drift corrected (hand edits in ConnectWise set back to the usage):`,
    );
    for (const entry of digest.driftCorrected) lines.push(`- ${entry.organization}: ${entry.corrections}`);
    if (digest.waitingForApproval) {
      lines.push("");
      if (digest.waitingForApproval.length === 0) {
        lines.push("No changes waiting for approval.");
      } else {
        lines.push("Changes waiting for approval (they reach ConnectWise only once approved):");
        for (const entry of digest.waitingForApproval) lines.push(describeWaitingApprovals(entry));
        lines.push(`Approve or reject them on the Approvals page: ${digest.approvalsUrl}`);
      }
    }
    lines.push("", `Failed sync runs: ${digest.failedRuns}.`);
    return { subject: `${prefix} Daily digest`, text: `${lines.join("\n")}\n` };
  }
  const alert = event.alert!;
  if (event.type === "alert.resolved") {
    return {
      subject: `${prefix} Resolved: ${alert.ruleLabel} — ${alert.subject}`,
      text: `Resolved at ${alert.resolvedAt}: ${alert.ruleLabel} for ${alert.subject}.\n\nIt was: ${alert.message}\n`,
    };
  }
  return {
    subject: `${prefix} ${alert.ruleLabel} — ${alert.subject}`,
    text: `${alert.message}\n\nOpened at ${alert.openedAt}. You will get one message when it is resolved.\n`,
  };
}
