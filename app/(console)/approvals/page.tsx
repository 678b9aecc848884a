import type { Metadata } from "next";
import { ApprovalPolicyForm } from "@/components/approvals/approval-policy-form";
import { ApprovalsTable } from "@/components/approvals/approvals-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePageContext } from "@/lib/auth/session";
import { canApproveChanges, roleAllows } from "@/lib/auth/roles";
import { getApprovals } from "@/lib/read-models/approvals";

export const metadata: Metadata = { title: "Approvals" };

/** Changes held for approval, and the policy that holds them. */
export default async function ApprovalsPage() {
  const context = await requirePageContext();
  const { changes, policy } = await getApprovals(context);
  return (
    <div className="grid max-w-6xl gap-6">
      <div>
        <h1 className="text-xl font-semibold">Approvals</h1>
        <p className="text-muted-foreground text-sm">
          Changes the approval policy held before they reached ConnectWise. Approving applies them at the
          organization&apos;s next sync (or now); rejecting keeps ConnectWise as it is until the usage changes again.
        </p>
      </div>
      <ApprovalsTable rows={changes} canDecide={canApproveChanges(context.role)} />
      <Card>
        <CardHeader>
          <CardTitle>Approval policy</CardTitle>
          <CardDescription>With every switch off, every change is applied automatically.</CardDescription>
        </CardHeader>
        <CardContent>
          <ApprovalPolicyForm policy={policy} canWrite={roleAllows(context.role, "admin")} />
        </CardContent>
      </Card>
    </div>
  );
}
