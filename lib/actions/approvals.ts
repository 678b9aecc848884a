import { recordActionAuditEvent } from "@/lib/audit/record-action-event";
import { decideHeldChanges, upsertApprovalPolicy } from "@/db/queries/approvals";
import { defineWorkspaceAction } from "@/lib/actions/define-action";
import { SafeError } from "@/lib/errors";
import { enqueueOrganizationSync } from "@/lib/sync/enqueue-organization-sync";
import { markSyncsDue } from "@/lib/sync/mark-syncs-due";
import { approvalDecisionSchema, approvalPolicySchema } from "@/lib/schemas/approvals";

/** Which changes wait for approval (README "Approvals"); every switch off means every change applies at once. */
export const setApprovalPolicyAction = defineWorkspaceAction({
  name: "approvals.setPolicy",
  role: "admin",
  schema: approvalPolicySchema,
  run: async (context, input) => {
    await upsertApprovalPolicy(context.db, { workspaceId: context.workspace.id, values: input });
    await markSyncsDue(context.db, { workspaceId: context.workspace.id });
    await recordActionAuditEvent(context, {
      action: "approvals.policy-set",
      targetType: "workspace",
      targetId: context.workspace.id,
      details: { ...input },
    });
    return { message: "Approval policy saved; the next sync applies it." };
  },
});

/**
 * Approves or rejects held changes (billing members, admins, owners). Approved changes are applied by
 * the organization's next run, or at once with `syncNow`; rejected ones are left out until the usage
 * changes again. Every decision is audited with who and when.
 */
export const decideHeldChangesAction = defineWorkspaceAction({
  name: "approvals.decide",
  role: "billing",
  schema: approvalDecisionSchema,
  run: async (context, input) => {
    const workspaceId = context.workspace.id;
    const state = input.decision === "approve" ? "approved" : "rejected";
    const decided = await decideHeldChanges(context.db, {
      workspaceId,
      ids: input.ids,
      state,
      userId: context.user.id,
    });
    if (decided.length === 0) throw new SafeError("Those changes are no longer waiting for a decision.", "not-found");
    for (const change of decided) {
      await recordActionAuditEvent(context, {
        action: state === "approved" ? "approvals.approved" : "approvals.rejected",
        targetType: "held-change",
        targetId: change.id,
        details: {
          organizationId: change.organizationId,
          productId: change.productId,
          action: change.action,
          before: Number(change.beforeQuantity),
          after: Number(change.afterQuantity),
          rule: change.rule,
        },
      });
    }
    let queued = 0;
    const refused: string[] = [];
    if (state === "approved" && input.syncNow) {
      for (const mappingId of new Set(decided.map((change) => change.mappingId))) {
        try {
          await enqueueOrganizationSync(context.db, { workspaceId, mappingId, trigger: "manual" });
          queued++;
        } catch (error) {
          refused.push(error instanceof SafeError ? error.message : "The sync could not be queued.");
        }
      }
    }
    const plural = decided.length === 1 ? "" : "s";
    const message =
      state === "rejected"
        ? `${decided.length} change${plural} rejected; ConnectWise keeps its quantities until the usage changes again.`
        : input.syncNow
          ? `${decided.length} change${plural} approved; ${queued} sync${queued === 1 ? "" : "s"} queued now${refused.length > 0 ? ` (${refused[0]})` : ""}.`
          : `${decided.length} change${plural} approved; the next sync applies them.`;
    return { decided: decided.length, queued, message };
  },
});

export const approvalActions = [setApprovalPolicyAction, decideHeldChangesAction] as const;
