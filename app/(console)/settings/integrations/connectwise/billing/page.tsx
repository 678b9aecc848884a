import type { Metadata } from "next";
import { BillingPolicyForm } from "@/components/billing/billing-policy-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePageContext } from "@/lib/auth/session";
import { roleAllows } from "@/lib/auth/roles";
import { getBillingPolicy } from "@/lib/read-models/billing-policy";

export const metadata: Metadata = { title: "ConnectWise Manage · Billing" };

/** The workspace's count basis and timing; each organization may override them on its own page. */
export default async function ConnectWiseBillingPage() {
  const context = await requirePageContext();
  const policy = await getBillingPolicy(context);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Count basis and timing</CardTitle>
        <CardDescription>
          Which quantity goes on the agreement — the usage now, the highest usage of the billing period (a calendar
          month), or the usage on the period&apos;s last day — and whether changes reach ConnectWise at every sync or
          once per period, after it ends, dated within that period. Each organization can override this on its page.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <BillingPolicyForm
          countBasis={policy.countBasis}
          timing={policy.timing}
          canWrite={roleAllows(context.role, "admin")}
        />
      </CardContent>
    </Card>
  );
}
