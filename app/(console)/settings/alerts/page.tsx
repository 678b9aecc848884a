import type { Metadata } from "next";
import { AlertChannels } from "@/components/alerts/alert-channels";
import { DeliveryLog, RecentAlerts } from "@/components/alerts/alert-history";
import { AlertRulesForm } from "@/components/alerts/alert-rules-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePageContext } from "@/lib/auth/session";
import { roleAllows } from "@/lib/auth/roles";
import { getAlertSettings } from "@/lib/read-models/alert-settings";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const context = await requirePageContext();
  const view = await getAlertSettings(context.db, { workspaceId: context.workspace.id });
  const canWrite = roleAllows(context.role, "admin");
  return (
    <div className="grid max-w-5xl gap-6">
      <div>
        <p className="text-muted-foreground text-sm">Settings</p>
        <h1 className="text-2xl font-semibold tracking-tight">Alerts</h1>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Rules</CardTitle>
          <CardDescription>
            One message when a condition starts, none while it holds, and one when it is resolved.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <AlertRulesForm
            rules={view.rules}
            digestEnabled={view.digestEnabled}
            digestHourUtc={view.digestHourUtc}
            canWrite={canWrite}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Channels</CardTitle>
          <CardDescription>
            Webhooks receive JSON events signed with HMAC-SHA256 in the Billbridge-Signature header; email goes to the
            listed addresses.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <AlertChannels channels={view.channels} canWrite={canWrite} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Recent alerts</CardTitle>
        </CardHeader>
        <CardContent>
          <RecentAlerts alerts={view.alerts} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Delivery log</CardTitle>
          <CardDescription>The last 50 messages, with the receiver&apos;s response code.</CardDescription>
        </CardHeader>
        <CardContent>
          <DeliveryLog deliveries={view.deliveries} />
        </CardContent>
      </Card>
    </div>
  );
}
