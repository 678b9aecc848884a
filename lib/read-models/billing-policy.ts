import { findBillingPolicy, findMappingBillingPolicy } from "@/db/queries/billing-policies";
import { findMappingByOrganization } from "@/db/queries/sync";
import { findWorkspaceSyncSettings } from "@/db/queries/sync-settings";
import type { WorkspaceContext } from "@/lib/auth/context";
import { defaultBillingPolicy, resolveBillingPolicy, type EffectiveBillingPolicy } from "@/lib/sync/billed-quantity";

/** The workspace's count basis and timing, for the Billing tab. */
export async function getBillingPolicy(context: WorkspaceContext): Promise<EffectiveBillingPolicy> {
  const policy = await findBillingPolicy(context.db, { workspaceId: context.workspace.id });
  return policy ? { countBasis: policy.countBasis, timing: policy.timing } : defaultBillingPolicy;
}

/** One organization's override (null fields follow the workspace) and the policy in force; null without a mapping. */
export async function getOrganizationBillingPolicy(context: WorkspaceContext, params: { organizationId: string }) {
  const workspaceId = context.workspace.id;
  const mapping = await findMappingByOrganization(context.db, { workspaceId, organizationId: params.organizationId });
  if (!mapping) return null;
  const [workspace, override] = await Promise.all([
    getBillingPolicy(context),
    findMappingBillingPolicy(context.db, { workspaceId, mappingId: mapping.id }),
  ]);
  return {
    workspace,
    override: { countBasis: override?.countBasis ?? null, timing: override?.timing ?? null },
    effective: resolveBillingPolicy(workspace, override),
  };
}

/** The workspace's sync settings (the verify interval), for the Billing tab. */
export async function getSyncSettings(context: WorkspaceContext): Promise<{ verifyIntervalHours: number }> {
  return findWorkspaceSyncSettings(context.db, { workspaceId: context.workspace.id });
}
