import type { Metadata } from "next";
import Link from "next/link";
import { Download } from "lucide-react";
import { ReconciliationTable } from "@/components/reports/reconciliation-table";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { requirePageContext } from "@/lib/auth/session";
import { ReconciliationPager } from "@/components/reports/reconciliation-pager";
import { getReconciliationReport, parseReconciliationQuery } from "@/lib/read-models/reconciliation-report";
import { reconciliationStatusLabels } from "@/lib/reports/reconcile-month";
import { formatCents } from "@/lib/reports/reconciliation-csv";
import { reconciliationStatuses } from "@/lib/schemas/reports";

export const metadata: Metadata = { title: "Reconciliation" };

/** Reports › Reconciliation: a month of platform usage against ConnectWise, ranked by money. */
export default async function ReconciliationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const context = await requirePageContext();
  const query = parseReconciliationQuery(await searchParams);
  const report = await getReconciliationReport(context, query);
  const filterParams = new URLSearchParams({ month: report.month });
  if (query.status) filterParams.set("status", query.status);
  if (query.q) filterParams.set("q", query.q);
  return (
    <div className="grid max-w-7xl gap-6">
      <div>
        <h1 className="text-xl font-semibold">Reports › Reconciliation</h1>
        <p className="text-muted-foreground text-sm">
          Per organization and product: platform usage on the month&apos;s count basis, the quantity on the ConnectWise
          addition as last read, what Billbridge last wrote, and the money between them at the line&apos;s unit price.
          Positive money is under-billing.
        </p>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Report filters">
        <div className="grid gap-1">
          <Label htmlFor="month">Month</Label>
          <Input id="month" name="month" type="month" defaultValue={report.month} className="w-44" />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="status">Status</Label>
          <select
            id="status"
            name="status"
            defaultValue={query.status ?? ""}
            className="border-input bg-background focus-visible:ring-ring/50 h-9 rounded-md border px-3 text-sm outline-none focus-visible:ring-[3px]"
          >
            <option value="">Every status</option>
            {reconciliationStatuses.map((status) => (
              <option key={status} value={status}>
                {reconciliationStatusLabels[status]} ({report.statusCounts[status]})
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1">
          <Label htmlFor="q">Organization or product</Label>
          <Input id="q" name="q" defaultValue={query.q ?? ""} className="w-64" />
        </div>
        <Button type="submit">Show</Button>
        <Button asChild variant="outline">
          <a href={`/reports/reconciliation/csv?${filterParams.toString()}`} download>
            <Download className="size-4" aria-hidden />
            Export CSV
          </a>
        </Button>
      </form>
      <div className="grid gap-4 sm:grid-cols-3">
        <Card>
          <CardHeader>
            <CardDescription>Under-billing</CardDescription>
            <CardTitle className="text-2xl tabular-nums">{formatCents(report.underBilledCents)}</CardTitle>
          </CardHeader>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>Over-billing</CardDescription>
            <CardTitle className="text-2xl tabular-nums">{formatCents(report.overBilledCents)}</CardTitle>
          </CardHeader>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>Lines</CardDescription>
            <CardTitle className="text-2xl tabular-nums">{report.matchingCount}</CardTitle>
          </CardHeader>
        </Card>
      </div>
      {report.lines.length === 0 ? (
        <Card>
          <CardContent className="text-muted-foreground py-8 text-center text-sm">
            {report.unfilteredCount === 0 ? (
              `No usage and no ConnectWise lines in ${report.month}.`
            ) : report.matchingCount === 0 ? (
              "No line matches these filters."
            ) : (
              <>
                Page {report.page} is past the last page.{" "}
                <Link
                  className="text-foreground underline underline-offset-4"
                  href={`/reports/reconciliation?${filterParams.toString()}&page=${report.pageCount}`}
                >
                  Go to page {report.pageCount}
                </Link>
              </>
            )}
          </CardContent>
        </Card>
      ) : (
        <>
          <ReconciliationTable lines={report.lines} />
          <ReconciliationPager
            params={filterParams.toString()}
            page={report.page}
            pageCount={report.pageCount}
            firstLine={report.firstLine}
            lastLine={report.firstLine + report.lines.length - 1}
            total={report.matchingCount}
          />
        </>
      )}
    </div>
  );
}
