import { describe, expect, it } from "vitest";
import {
  defaultAlertRules,
  evaluateAlertConditions,
  planAlertTransitions,
  resolveAlertRules,
  type AlertFacts,
} from "@/lib/alerts/alert-rules";
import { signWebhookBody, verifyWebhookSignature } from "@/lib/alerts/webhook-signature";

const now = new Date("2026-12-03T12:00:00Z");
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3600_000);

const facts = (overrides: Partial<AlertFacts> = {}): AlertFacts => ({
  connection: { status: "connected", reason: null },
  mappings: [],
  unmappedOrganizations: [],
  ...overrides,
});

describe("alert rules", () => {
  it("has every rule on by default with the documented thresholds", () => {
    expect(resolveAlertRules(null)).toEqual(defaultAlertRules);
    expect(defaultAlertRules["sync-failing"].threshold).toBe(3);
    expect(defaultAlertRules["sync-stale"].threshold).toBe(3);
    expect(defaultAlertRules["usage-unmapped"].threshold).toBe(24);
  });

  it("fires on an unhealthy connection only", () => {
    expect(evaluateAlertConditions(facts(), defaultAlertRules, now)).toEqual([]);
    const conditions = evaluateAlertConditions(
      facts({ connection: { status: "unhealthy", reason: "Keys revoked." } }),
      defaultAlertRules,
      now,
    );
    expect(conditions).toEqual([expect.objectContaining({ rule: "connection-unhealthy", subjectKey: "connection" })]);
    expect(conditions[0]!.message).toContain("Keys revoked.");
  });

  it("fires on N failures in a row, not on N failures with a success between", () => {
    const mapping = {
      mappingId: "m1",
      organizationName: "Acme",
      mappingUpdatedAt: hoursAgo(1),
      lastError: "Agreement deleted.",
      lastSuccessAt: hoursAgo(1),
    };
    const failing = evaluateAlertConditions(
      facts({ mappings: [{ ...mapping, states: ["failed", "failed", "failed"] }] }),
      defaultAlertRules,
      now,
    );
    expect(failing.map((condition) => condition.rule)).toEqual(["sync-failing"]);
    const broken = evaluateAlertConditions(
      facts({ mappings: [{ ...mapping, states: ["failed", "succeeded", "failed"] }] }),
      defaultAlertRules,
      now,
    );
    expect(broken).toEqual([]);
  });

  it("fires on a stale mapping and on usage unmapped past the threshold", () => {
    const conditions = evaluateAlertConditions(
      facts({
        mappings: [
          {
            mappingId: "m1",
            organizationName: "Acme",
            mappingUpdatedAt: hoursAgo(10),
            states: ["succeeded"],
            lastError: null,
            lastSuccessAt: hoursAgo(3),
          },
        ],
        unmappedOrganizations: [
          { organizationId: "o1", name: "Beta", unmappedSince: hoursAgo(24) },
          { organizationId: "o2", name: "Gamma", unmappedSince: hoursAgo(23) },
        ],
      }),
      defaultAlertRules,
      now,
    );
    expect(conditions.map((condition) => [condition.rule, condition.subjectKey])).toEqual([
      ["sync-stale", "mapping:m1"],
      ["usage-unmapped", "organization:o1"],
    ]);
  });

  it("respects switched-off rules", () => {
    const rules = resolveAlertRules({
      ...defaultAlertRules,
      "connection-unhealthy": { enabled: false, threshold: null },
    });
    expect(evaluateAlertConditions(facts({ connection: { status: "unhealthy", reason: null } }), rules, now)).toEqual(
      [],
    );
  });

  it("opens only new conditions and resolves only those that stopped", () => {
    const open = [
      { id: "a1", rule: "connection-unhealthy" as const, subjectKey: "connection" },
      { id: "a2", rule: "sync-failing" as const, subjectKey: "mapping:m1" },
    ];
    const plan = planAlertTransitions(
      open,
      [
        { rule: "connection-unhealthy", subjectKey: "connection", subjectLabel: "", message: "" },
        { rule: "usage-unmapped", subjectKey: "organization:o1", subjectLabel: "", message: "" },
        { rule: "usage-unmapped", subjectKey: "organization:o1", subjectLabel: "", message: "" },
      ],
      new Set(),
    );
    expect(plan.toOpen.map((condition) => condition.subjectKey)).toEqual(["organization:o1"]);
    expect(plan.toResolve.map((alert) => alert.id)).toEqual(["a2"]);
  });
});

describe("while the connection is unhealthy", () => {
  it("holds per-organization sync alerts: none opens, none resolves", () => {
    const open = [{ id: "a1", rule: "sync-stale" as const, subjectKey: "mapping:m1" }];
    const connection = {
      rule: "connection-unhealthy" as const,
      subjectKey: "connection",
      subjectLabel: "",
      message: "",
    };
    const plan = planAlertTransitions(open, [
      connection,
      { rule: "sync-failing", subjectKey: "mapping:m2", subjectLabel: "", message: "" },
      { rule: "usage-unmapped", subjectKey: "organization:o1", subjectLabel: "", message: "" },
    ]);
    expect(plan.toOpen.map((condition) => condition.rule)).toEqual(["connection-unhealthy", "usage-unmapped"]);
    expect(plan.toResolve).toEqual([]);
    expect(planAlertTransitions(open, []).toResolve.map((alert) => alert.id)).toEqual(["a1"]);
  });
});

describe("webhook signatures", () => {
  const secret = "whsec_test";
  const body = '{"type":"test"}';
  it("verifies what it signs, within five minutes", () => {
    const header = signWebhookBody(secret, body, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret, header, body, nowSeconds: 1_800_000_100 })).toBe(true);
    expect(verifyWebhookSignature({ secret, header, body, nowSeconds: 1_800_000_400 })).toBe(false);
    expect(verifyWebhookSignature({ secret: "other", header, body, nowSeconds: 1_800_000_000 })).toBe(false);
    expect(verifyWebhookSignature({ secret, header: "t=1,v1=zz", body, nowSeconds: 1 })).toBe(false);
    expect(verifyWebhookSignature({ secret, header: null, body })).toBe(false);
  });
});
