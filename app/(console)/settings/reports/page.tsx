import type { Metadata } from "next";
import Link from "next/link";
import { ReportDeliveryLog } from "@/components/reports/report-delivery-log";
import { ReportScheduleForm } from "@/components/reports/report-schedule-form";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePageContext } from "@/lib/auth/session";
import { roleAllows } from "@/lib/auth/roles";
import { getReportSettings } from "@/lib/read-models/report-settings";

export const metadata: Metadata = { title: "Report email" };

/** Settings › Report email: the monthly reconciliation report by email, and every one sent. */
export default async function ReportEmailPage() {
  const context = await requirePageContext();
  const view = await getReportSettings(context.db, { workspaceId: context.workspace.id });
  const canWrite = roleAllows(context.role, "admin");
  return (
    <div className="grid max-w-5xl gap-6">
      <div>
        <p className="text-muted-foreground text-sm">Settings</p>
        <h1 className="text-2xl font-semibold tracking-tight">Report email</h1>
      </div>
      {view.mailConfigured ? null : (
        <Alert>
          <AlertTitle>Email is not configured on this server</AlertTitle>
          <AlertDescription>
            SMTP_URL is not set, so no report email can go out; ask the operator to set it.
          </AlertDescription>
        </Alert>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Monthly reconciliation report</CardTitle>
          <CardDescription>
            On the chosen day, the previous month&apos;s{" "}
            <Link href="/reports/reconciliation">reconciliation report</Link> goes to the recipients once, with its CSV
            export attached.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ReportScheduleForm
            enabled={view.enabled}
            recipients={view.recipients}
            dayOfMonth={view.dayOfMonth}
            lastCompleteMonth={view.lastCompleteMonth}
            canWrite={canWrite}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Sent</CardTitle>
          <CardDescription>The last 24 report emails.</CardDescription>
        </CardHeader>
        <CardContent>
          <ReportDeliveryLog deliveries={view.deliveries} />
        </CardContent>
      </Card>
    </div>
  );
}
