import { PageLinks } from "@/components/ui/page-links";

/**
 * Previous / next page of the report's lines; the links keep the month and filters (`params`, a query
 * string without the page).
 */
export function ReconciliationPager({
  params,
  page,
  pageCount,
  firstLine,
  lastLine,
  total,
}: {
  params: string;
  page: number;
  pageCount: number;
  firstLine: number;
  lastLine: number;
  total: number;
}) {
  const hrefFor = (target: number) => `/reports/reconciliation?${params}&page=${target}`;
  return (
    <nav aria-label="Report pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-muted-foreground tabular-nums">
        Lines {firstLine.toLocaleString("en-US")}–{lastLine.toLocaleString("en-US")} of {total.toLocaleString("en-US")}{" "}
        · page {page} of {pageCount}
      </p>
      <PageLinks page={page} pageCount={pageCount} hrefFor={hrefFor} />
    </nav>
  );
}
