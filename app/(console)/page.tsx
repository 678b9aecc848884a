import type { Metadata } from "next";
import Link from "next/link";
import { RequestsChart } from "@/components/dashboard/requests-chart";
import { RunsChart } from "@/components/dashboard/runs-chart";
import { ReconciliationTable } from "@/components/reports/reconciliation-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePageContext } from "@/lib/auth/session";
import { getDashboard } from "@/lib/read-models/dashboard";
import { formatCents } from "@/lib/reports/reconciliation-csv";

export const metadata: Metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

/** The console's landing page: organizations, connection, runs, requests and the month's biggest discrepancies. */
export default async function DashboardPage() {
  const context = await requirePageContext();
  const dashboard = await getDashboard(context);
  const tiles = [
    { label: "Organizations", value: dashboard.organizations.total, href: "/organizations" },
    { label: "Mapped", value: dashboard.organizations.mapped, href: "/organizations" },
    { label: "Sync on", value: dashboard.organizations.syncOn, href: "/organizations" },
    { label: "Failing", value: dashboard.organizations.failing, href: "/organizations" },
    { label: "Stale (no success in 2 h)", value: dashboard.organizations.stale, href: "/organizations" },
    {
      label: "Unmapped with usage",
      value: dashboard.organizations.unmappedWithUsage,
      href: `/reports/reconciliation?status=unmapped-with-usage`,
    },
  ];
  return (
    <div className="grid max-w-7xl grid-cols-[minmax(0,1fr)] gap-6">
      <h1 className="text-xl font-semibold">Dashboard</h1>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-3 xl:grid-cols-6">
        {tiles.map((tile) => (
          <Link
            key={tile.label}
            href={tile.href}
            className="focus-visible:ring-ring/50 rounded-xl outline-none focus-visible:ring-[3px]"
          >
            <Card className="h-full">
              <CardHeader>
                <CardDescription>{tile.label}</CardDescription>
                <CardTitle className="text-2xl tabular-nums">{tile.value}</CardTitle>
              </CardHeader>
            </Card>
          </Link>
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card>
          <CardHeader>
            <CardTitle>ConnectWise connection</CardTitle>
          </CardHeader>
          <CardContent className="text-sm">
            {dashboard.connection.status ? (
              <>
                <p className="font-medium">{dashboard.connection.status}</p>
                {dashboard.connection.reason ? (
                  <p className="text-muted-foreground">{dashboard.connection.reason}</p>
                ) : null}
              </>
            ) : (
              <p className="text-muted-foreground">
                Not connected. <Link href="/settings/integrations">Connect ConnectWise</Link>.
              </p>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Runs, last 24 hours</CardTitle>
          </CardHeader>
          <CardContent>
            <RunsChart bars={dashboard.runs} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>ConnectWise requests per hour</CardTitle>
          </CardHeader>
          <CardContent>
            <RequestsChart bars={dashboard.requests} limitPerHour={dashboard.requestLimitPerHour} />
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Biggest discrepancies of {dashboard.month}</CardTitle>
          <CardDescription>
            Under-billing {formatCents(dashboard.underBilledCents)} · over-billing{" "}
            {formatCents(dashboard.overBilledCents)} ·{" "}
            <Link href={`/reports/reconciliation?month=${dashboard.month}`}>the full report</Link>
          </CardDescription>
        </CardHeader>
        <CardContent>
          {dashboard.discrepancies.length === 0 ? (
            <p className="text-muted-foreground text-sm">Every line is in step this month.</p>
          ) : (
            <ReconciliationTable lines={dashboard.discrepancies} />
          )}
        </CardContent>
      </Card>
    </div>
  );
}
