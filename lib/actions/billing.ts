import { recordActionAuditEvent } from "@/lib/audit/record-action-event";
import { upsertBillingPolicy, upsertMappingBillingPolicy } from "@/db/queries/billing-policies";
import { findMappingByOrganization } from "@/db/queries/sync";
import { defineWorkspaceAction } from "@/lib/actions/define-action";
import { SafeError } from "@/lib/errors";
import { markSyncsDue } from "@/lib/sync/mark-syncs-due";
import { billingPolicySchema, mappingBillingPolicySchema } from "@/lib/schemas/billing";

/** The workspace's count basis and timing (README "Count basis and timing"). */
export const setBillingPolicyAction = defineWorkspaceAction({
  name: "billing.setPolicy",
  role: "admin",
  schema: billingPolicySchema,
  run: async (context, input) => {
    const saved = await upsertBillingPolicy(context.db, { workspaceId: context.workspace.id, ...input });
    await markSyncsDue(context.db, { workspaceId: context.workspace.id });
    await recordActionAuditEvent(context, {
      action: "billing.policy-set",
      targetType: "workspace",
      targetId: context.workspace.id,
      details: { countBasis: input.countBasis, timing: input.timing },
    });
    return {
      countBasis: saved.countBasis,
      timing: saved.timing,
      message: "Billing policy saved; the next sync uses it.",
    };
  },
});

/** One organization's override of the workspace's count basis and timing; both null clears it. */
export const setMappingBillingPolicyAction = defineWorkspaceAction({
  name: "billing.setMappingPolicy",
  role: "admin",
  schema: mappingBillingPolicySchema,
  run: async (context, input) => {
    const workspaceId = context.workspace.id;
    const mapping = await findMappingByOrganization(context.db, { workspaceId, organizationId: input.organizationId });
    if (!mapping) {
      throw new SafeError("Map this organization to a ConnectWise company first.", "not-found");
    }
    await upsertMappingBillingPolicy(context.db, {
      workspaceId,
      mappingId: mapping.id,
      countBasis: input.countBasis,
      timing: input.timing,
    });
    await markSyncsDue(context.db, { workspaceId, mappingIds: [mapping.id] });
    await recordActionAuditEvent(context, {
      action: "billing.mapping-policy-set",
      targetType: "organization",
      targetId: input.organizationId,
      details: { countBasis: input.countBasis, timing: input.timing },
    });
    return {
      message:
        input.countBasis === null && input.timing === null
          ? "This organization follows the workspace's billing policy again."
          : "This organization's billing policy saved; the next sync uses it.",
    };
  },
});

export const billingActions = [setBillingPolicyAction, setMappingBillingPolicyAction] as const;
