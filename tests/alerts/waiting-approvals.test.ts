import { describe, expect, it } from "vitest";
import type { HeldChange } from "@/db/schema";
import { buildDigestEvent, renderAlertEmail, type DigestContent } from "@/lib/alerts/alert-events";
import { defaultAlertRules, resolveAlertRules } from "@/lib/alerts/alert-rules";
import { summarizeWaitingApprovals, waitedText } from "@/lib/alerts/summarize-waiting-approvals";

const now = new Date("2026-12-03T07:00:00Z");
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3600_000);

let sequence = 0;
function held(overrides: Partial<HeldChange> & { organizationId: string }): HeldChange {
  sequence++;
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, "0")}`,
    workspaceId: "00000000-0000-4000-8000-00000000aaaa",
    mappingId: `mapping-${overrides.organizationId}`,
    productId: null,
    catalogItemId: 100 + sequence,
    action: "update",
    additionId: 1,
    beforeQuantity: "10.0000",
    afterQuantity: "4.0000",
    unitPrice: "9.00",
    rule: "decrease",
    state: "held",
    heldSince: hoursAgo(2),
    decidedBy: null,
    decidedAt: null,
    ...overrides,
  };
}

describe("changes waiting for approval", () => {
  it("is a digest-only rule, on by default, also for workspaces that saved their rules before it existed", () => {
    expect(defaultAlertRules["approvals-waiting"]).toEqual({ enabled: true, threshold: null });
    const { "approvals-waiting": _added, ...older } = defaultAlertRules;
    expect(resolveAlertRules(older)["approvals-waiting"]).toEqual({ enabled: true, threshold: null });
  });

  it("groups held changes per organization, oldest first, and leaves decided ones out", () => {
    const rows = [
      { change: held({ organizationId: "b", heldSince: hoursAgo(3) }), organizationName: "Beta", productName: "Users" },
      {
        change: held({ organizationId: "a", heldSince: hoursAgo(50), beforeQuantity: "2", afterQuantity: "5" }),
        organizationName: "Alpha",
        productName: "Users",
      },
      {
        change: held({ organizationId: "a", heldSince: hoursAgo(1), unitPrice: null, action: "create" }),
        organizationName: "Alpha",
        productName: null,
      },
      { change: held({ organizationId: "c", state: "approved" }), organizationName: "Gamma", productName: "Users" },
      { change: held({ organizationId: "c", state: "rejected" }), organizationName: "Gamma", productName: "Users" },
    ];
    const summary = summarizeWaitingApprovals(rows, now);
    expect(summary).toEqual([
      {
        organization: "Alpha",
        changes: 2,
        products: [`Catalog item ${rows[2]!.change.catalogItemId}`, "Users"],
        moneyImpact: 27,
        unpricedChanges: 1,
        waitingSince: hoursAgo(50).toISOString(),
        waitingHours: 50,
      },
      {
        organization: "Beta",
        changes: 1,
        products: ["Users"],
        moneyImpact: -54,
        unpricedChanges: 0,
        waitingSince: hoursAgo(3).toISOString(),
        waitingHours: 3,
      },
    ]);
  });

  it("has no money impact when no held line has a price", () => {
    const [entry] = summarizeWaitingApprovals(
      [{ change: held({ organizationId: "a", unitPrice: null }), organizationName: "Alpha", productName: "Users" }],
      now,
    );
    expect(entry).toMatchObject({ moneyImpact: null, unpricedChanges: 1 });
  });

  it("says how long in words", () => {
    expect(waitedText(0)).toBe("less than an hour");
    expect(waitedText(1)).toBe("1 hour");
    expect(waitedText(47)).toBe("47 hours");
    expect(waitedText(48)).toBe("2 days");
    expect(waitedText(24 * 9 + 5)).toBe("9 days");
  });

  it("puts them in the digest email with the link, or leaves the section out while the rule is off", () => {
    const digest: DigestContent = {
      since: hoursAgo(24).toISOString(),
      openAlerts: [],
      driftCorrected: [],
      waitingForApproval: [
        {
          organization: "Alpha",
          changes: 2,
          products: ["Backup", "Users"],
          moneyImpact: 27,
          unpricedChanges: 1,
          waitingSince: hoursAgo(50).toISOString(),
          waitingHours: 50,
        },
        {
          organization: "Beta",
          changes: 1,
          products: ["Users"],
          moneyImpact: null,
          unpricedChanges: 1,
          waitingSince: hoursAgo(3).toISOString(),
          waitingHours: 3,
        },
      ],
      approvalsUrl: "https://billbridge.example/approvals",
      failedRuns: 0,
    };
    const workspace = { id: "00000000-0000-4000-8000-00000000aaaa", name: "Contoso MSP" };
    const { text } = renderAlertEmail(buildDigestEvent({ workspace, now, digest }));
    expect(text).toContain(
      [
        "Changes waiting for approval (they reach ConnectWise only once approved):",
        "- Alpha: 2 changes (Backup, Users) · +27.00 per billing period, plus 1 change at ConnectWise's price · waiting 2 days",
        "- Beta: 1 change (Users) · at ConnectWise's price · waiting 3 hours",
        "Approve or reject them on the Approvals page: https://billbridge.example/approvals",
      ].join("\n"),
    );
    const off = renderAlertEmail(buildDigestEvent({ workspace, now, digest: { ...digest, waitingForApproval: null } }));
    expect(off.text).not.toContain("approval");
  });
});
