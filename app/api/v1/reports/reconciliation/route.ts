import { platformRoute } from "@/lib/platform-api/route";
import { ProblemError, issuesToFieldErrors } from "@/lib/platform-api/problem";
import { currentMonth } from "@/lib/read-models/reconciliation-report";
import { reconcileMonth } from "@/lib/reports/reconcile-month";
import { reconciliationCsv } from "@/lib/reports/reconciliation-csv";
import { reconciliationApiQuerySchema } from "@/lib/schemas/reports";

export const dynamic = "force-dynamic";

/** The month's reconciliation of the token's workspace, as JSON or (format=csv) the page's CSV. */
export const GET = platformRoute({ scope: "read" }, async ({ db, caller, url }) => {
  const parsed = reconciliationApiQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success)
    throw new ProblemError(422, "Invalid month or format.", issuesToFieldErrors(parsed.error.issues));
  const month = parsed.data.month ?? currentMonth();
  const report = await reconcileMonth(db, { workspaceId: caller.workspace.id, month });
  if (parsed.data.format === "csv")
    return { status: 200, csv: { text: reconciliationCsv(report), filename: `reconciliation-${month}.csv` } };
  return {
    status: 200,
    body: {
      month: report.month,
      underBilledCents: report.underBilledCents,
      overBilledCents: report.overBilledCents,
      lines: report.lines,
    },
  };
});
