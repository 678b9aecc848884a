import type { AlertRuleKind, AlertRuleSettings } from "@/db/schema";

/** What each rule watches, as the settings page and the messages name it. */
export const alertRuleCatalog: ReadonlyArray<{
  kind: AlertRuleKind;
  label: string;
  description: string;
  threshold: { unit: "runs" | "hours"; min: number; max: number } | null;
  digestOnly: boolean;
}> = [
  {
    kind: "connection-unhealthy",
    label: "Connection unhealthy",
    description: "ConnectWise refuses the saved keys (revoked, expired or changed), so nothing syncs.",
    threshold: null,
    digestOnly: false,
  },
  {
    kind: "sync-failing",
    label: "Sync failing",
    description: "An organization's sync failed this many times in a row.",
    threshold: { unit: "runs", min: 1, max: 50 },
    digestOnly: false,
  },
  {
    kind: "sync-stale",
    label: "No successful sync",
    description: "An organization with sync on has not synced successfully for this many hours.",
    threshold: { unit: "hours", min: 1, max: 720 },
    digestOnly: false,
  },
  {
    kind: "usage-unmapped",
    label: "Usage not billed",
    description: "An organization has usage but no ConnectWise agreement for this many hours.",
    threshold: { unit: "hours", min: 1, max: 720 },
    digestOnly: false,
  },
  {
    kind: "drift-corrected",
    label: "Drift corrected",
    description: "Quantities edited by hand in ConnectWise that Billbridge set back (daily digest only).",
    threshold: null,
    digestOnly: true,
  },
  {
    kind: "approvals-waiting",
    label: "Changes waiting for approval",
    description:
      "Changes the approval policy held that nobody has approved or rejected yet, per organization (daily digest only).",
    threshold: null,
    digestOnly: true,
  },
];

export const defaultAlertRules: AlertRuleSettings = {
  "connection-unhealthy": { enabled: true, threshold: null },
  "sync-failing": { enabled: true, threshold: 3 },
  "sync-stale": { enabled: true, threshold: 3 },
  "usage-unmapped": { enabled: true, threshold: 24 },
  "drift-corrected": { enabled: true, threshold: null },
  "approvals-waiting": { enabled: true, threshold: null },
};

/** Stored rules completed with the defaults (a rule added later is on with its default threshold). */
export function resolveAlertRules(stored: Partial<AlertRuleSettings> | null | undefined): AlertRuleSettings {
  const rules = { ...defaultAlertRules };
  for (const entry of alertRuleCatalog) {
    const saved = stored?.[entry.kind];
    if (saved) rules[entry.kind] = { enabled: saved.enabled, threshold: entry.threshold ? saved.threshold : null };
  }
  return rules;
}

export function describeRule(kind: AlertRuleKind): string {
  return alertRuleCatalog.find((entry) => entry.kind === kind)?.label ?? kind;
}

/** What the evaluation reads about a workspace. */
export interface AlertFacts {
  connection: { status: "connected" | "unhealthy" | "disconnected"; reason: string | null } | null;
  mappings: Array<{
    mappingId: string;
    organizationName: string;
    mappingUpdatedAt: Date;
    /** States of the last finished runs, newest first. */
    states: string[];
    lastError: string | null;
    lastSuccessAt: Date | null;
  }>;
  unmappedOrganizations: Array<{ organizationId: string; name: string; unmappedSince: Date }>;
}

/** A condition that holds now: one alert per (rule, subject) while it does. */
export interface AlertCondition {
  rule: AlertRuleKind;
  subjectKey: string;
  subjectLabel: string;
  message: string;
}

const hourMs = 3600_000;

function hoursText(hours: number): string {
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

/** The conditions that hold for these facts under these rules (pure). */
export function evaluateAlertConditions(facts: AlertFacts, rules: AlertRuleSettings, now: Date): AlertCondition[] {
  const conditions: AlertCondition[] = [];
  if (rules["connection-unhealthy"].enabled && facts.connection?.status === "unhealthy") {
    conditions.push({
      rule: "connection-unhealthy",
      subjectKey: "connection",
      subjectLabel: "ConnectWise connection",
      message: `The ConnectWise connection is unhealthy, so no organization is being billed: ${
        facts.connection.reason ?? "ConnectWise refused the saved keys."
      }`,
    });
  }
  const failing = rules["sync-failing"];
  if (failing.enabled) {
    const runs = failing.threshold ?? 3;
    for (const mapping of facts.mappings) {
      if (mapping.states.length >= runs && mapping.states.slice(0, runs).every((state) => state === "failed")) {
        conditions.push({
          rule: "sync-failing",
          subjectKey: `mapping:${mapping.mappingId}`,
          subjectLabel: mapping.organizationName,
          message: `${mapping.organizationName}: the last ${runs === 1 ? "sync" : `${runs} syncs`} failed. ${
            mapping.lastError ?? ""
          }`.trim(),
        });
      }
    }
  }
  const stale = rules["sync-stale"];
  if (stale.enabled) {
    const hours = stale.threshold ?? 3;
    for (const mapping of facts.mappings) {
      const since = mapping.lastSuccessAt ?? mapping.mappingUpdatedAt;
      if (now.getTime() - since.getTime() >= hours * hourMs) {
        conditions.push({
          rule: "sync-stale",
          subjectKey: `mapping:${mapping.mappingId}`,
          subjectLabel: mapping.organizationName,
          message: mapping.lastSuccessAt
            ? `${mapping.organizationName}: no successful sync for more than ${hoursText(hours)} (last success ${mapping.lastSuccessAt.toISOString()}).`
            : `${mapping.organizationName}: sync is on but has not succeeded once in ${hoursText(hours)}.`,
        });
      }
    }
  }
  const unmapped = rules["usage-unmapped"];
  if (unmapped.enabled) {
    const hours = unmapped.threshold ?? 24;
    for (const organization of facts.unmappedOrganizations) {
      if (now.getTime() - organization.unmappedSince.getTime() >= hours * hourMs) {
        conditions.push({
          rule: "usage-unmapped",
          subjectKey: `organization:${organization.organizationId}`,
          subjectLabel: organization.name,
          message: `${organization.name} has usage but no ConnectWise agreement for more than ${hoursText(hours)}, so it is not billed. Map it in the mapping table.`,
        });
      }
    }
  }
  return conditions;
}

export interface OpenAlertRef {
  id: string;
  rule: AlertRuleKind;
  subjectKey: string;
}

/**
 * Rules held while the connection is unhealthy: every organization's sync fails or goes stale then, and
 * one connection alert says why, instead of one alert per organization. Held rules neither open nor
 * resolve alerts until the connection is healthy again.
 */
export function heldRules(conditions: AlertCondition[]): Set<AlertRuleKind> {
  return conditions.some((condition) => condition.rule === "connection-unhealthy")
    ? new Set<AlertRuleKind>(["sync-failing", "sync-stale"])
    : new Set<AlertRuleKind>();
}

/** Which conditions open a new alert and which open alerts resolve (pure). */
export function planAlertTransitions(
  open: OpenAlertRef[],
  conditions: AlertCondition[],
  held: ReadonlySet<AlertRuleKind> = heldRules(conditions),
): { toOpen: AlertCondition[]; toResolve: OpenAlertRef[] } {
  const key = (item: { rule: string; subjectKey: string }) => `${item.rule}\u0000${item.subjectKey}`;
  const openKeys = new Set(open.map(key));
  const holding = new Set(conditions.map(key));
  const seen = new Set<string>();
  const toOpen = conditions.filter((condition) => {
    if (held.has(condition.rule)) return false;
    const conditionKey = key(condition);
    if (openKeys.has(conditionKey) || seen.has(conditionKey)) return false;
    seen.add(conditionKey);
    return true;
  });
  return { toOpen, toResolve: open.filter((alert) => !held.has(alert.rule) && !holding.has(key(alert))) };
}
