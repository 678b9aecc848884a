import { getRequestContext } from "@/lib/auth/session";
import { NotSignedInError } from "@/lib/auth/context";
import { getReconciliationExport, parseReconciliationQuery } from "@/lib/read-models/reconciliation-report";
import { reconciliationCsv } from "@/lib/reports/reconciliation-csv";

export const dynamic = "force-dynamic";

/** Every line of the page's month and filters (all its pages) as CSV. Every role may read it. */
export async function GET(request: Request): Promise<Response> {
  let context;
  try {
    context = await getRequestContext();
  } catch (error) {
    if (error instanceof NotSignedInError) return new Response("Sign in first.", { status: 401 });
    return new Response("You are not a member of that workspace.", { status: 403 });
  }
  const query = parseReconciliationQuery(Object.fromEntries(new URL(request.url).searchParams));
  const report = await getReconciliationExport(context, query);
  return new Response(reconciliationCsv(report), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="reconciliation-${report.month}.csv"`,
      "cache-control": "no-store",
    },
  });
}
