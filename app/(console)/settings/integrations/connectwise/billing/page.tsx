import type { Metadata } from "next";
import { BillingPolicyForm } from "@/components/billing/billing-policy-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePageContext } from "@/lib/auth/session";
import { roleAllows } from "@/lib/auth/roles";
import { SyncSettingsForm } from "@/components/sync/sync-settings-form";
import { getBillingPolicy, getSyncSettings } from "@/lib/read-models/billing-policy";

export const metadata: Metadata = { title: "ConnectWise Manage · Billing" };

/** The workspace's count basis and timing; each organization may override them on its own page. */
export default async function ConnectWiseBillingPage() {
  const context = await requirePageContext();
  const [policy, syncSettings] = await Promise.all([getBillingPolicy(context), getSyncSettings(context)]);
  const canWrite = roleAllows(context.role, "admin");
  return (
    <div className="grid gap-6">
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
          <BillingPolicyForm countBasis={policy.countBasis} timing={policy.timing} canWrite={canWrite} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Checking unchanged organizations</CardTitle>
          <CardDescription>
            An organization is synced as soon as its usage, a price or a policy changes. One whose usage did not change
            is still read from ConnectWise this often, at its own time of day, so hand edits on its agreement are
            corrected.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SyncSettingsForm verifyIntervalHours={syncSettings.verifyIntervalHours} canWrite={canWrite} />
        </CardContent>
      </Card>
    </div>
  );
}
