import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db";
import { auditEvents } from "@/db/schema";
import { createAlertChannelAction, saveAlertSettingsAction } from "@/lib/actions/alerts";
import { createApiTokenAction, revokeApiTokenAction } from "@/lib/actions/api-tokens";
import { setApprovalPolicyAction } from "@/lib/actions/approvals";
import { setBillingPolicyAction } from "@/lib/actions/billing";
import { defaultAlertRules } from "@/lib/alerts/alert-rules";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";

/** Every audit event a workspace action records names who did it, in which workspace, from which address. */
describe("audit events of workspace actions", () => {
  let db: Database;
  let workspace: TestWorkspace;
  const address = "203.0.113.44";
  const asAdmin = async () => ({ ...(await workspace.as("admin")), address });

  beforeAll(async () => {
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Address");
  });

  it("record the client address for alerts, API tokens, approvals and billing", async () => {
    process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
    const results = [
      await saveAlertSettingsAction.execute(asAdmin(), {
        rules: defaultAlertRules,
        digestEnabled: true,
        digestHourUtc: 6,
      }),
      await createAlertChannelAction.execute(asAdmin(), { kind: "email", name: "Ops", recipients: "ops@msp.example" }),
      await setApprovalPolicyAction.execute(asAdmin(), {
        holdDecreases: true,
        holdIncreasesAbovePercent: null,
        holdNewLines: false,
        holdCancellations: false,
      }),
      await setBillingPolicyAction.execute(asAdmin(), { countBasis: "peak", timing: "immediate" }),
    ];
    expect(results.map((result) => result.ok)).toEqual([true, true, true, true]);
    const created = await createApiTokenAction.execute(asAdmin(), { name: "Platform", scopes: ["read"] });
    if (!created.ok) throw new Error(created.error);
    expect((await revokeApiTokenAction.execute(asAdmin(), { tokenId: created.data.id })).ok).toBe(true);

    const events = await db.select().from(auditEvents).where(eq(auditEvents.workspaceId, workspace.id));
    expect(events.map((event) => event.action).sort()).toEqual(
      [
        "alerts.saveSettings",
        "alerts.createChannel",
        "approvals.policy-set",
        "billing.policy-set",
        "api-tokens.create",
        "api-tokens.revoke",
      ].sort(),
    );
    for (const event of events) {
      expect(event, event.action).toMatchObject({ actorUserId: workspace.users.admin.id, ipAddress: address });
    }
  });
});
