import { findApprovalPolicy, listHeldChanges } from "@/db/queries/approvals";
import type { HoldRule } from "@/db/schema";
import type { WorkspaceContext } from "@/lib/auth/context";
import { moneyImpact } from "@/lib/sync/hold-changes";

export interface ApprovalRow {
  id: string;
  organizationId: string;
  organizationName: string;
  productName: string;
  action: "create" | "update" | "cancel" | "zero";
  before: number;
  after: number;
  unitPrice: number | null;
  /** Per billing period at the line's price; null when ConnectWise defaults the price. */
  moneyImpact: number | null;
  rule: HoldRule;
  state: "held" | "approved" | "rejected";
  heldSince: string;
  decidedAt: string | null;
}

/** The Approvals page: every held or decided change, oldest first, and the workspace's policy. */
export async function getApprovals(context: WorkspaceContext) {
  const workspaceId = context.workspace.id;
  const [rows, policy] = await Promise.all([
    listHeldChanges(context.db, { workspaceId }),
    findApprovalPolicy(context.db, { workspaceId }),
  ]);
  const changes: ApprovalRow[] = rows.map(({ change, organizationName, productName }) => {
    const before = Number(change.beforeQuantity ?? 0);
    const after = Number(change.afterQuantity);
    const unitPrice = change.unitPrice === null ? null : Number(change.unitPrice);
    return {
      id: change.id,
      organizationId: change.organizationId,
      organizationName,
      productName: productName ?? `Catalog item ${change.catalogItemId}`,
      action: change.action,
      before,
      after,
      unitPrice,
      moneyImpact: moneyImpact(before, after, unitPrice),
      rule: change.rule,
      state: change.state,
      heldSince: change.heldSince.toISOString(),
      decidedAt: change.decidedAt?.toISOString() ?? null,
    };
  });
  return {
    changes,
    policy: {
      holdDecreases: policy?.holdDecreases ?? false,
      holdIncreasesAbovePercent: policy?.holdIncreasesAbovePercent ?? null,
      holdNewLines: policy?.holdNewLines ?? false,
      holdCancellations: policy?.holdCancellations ?? false,
    },
  };
}
