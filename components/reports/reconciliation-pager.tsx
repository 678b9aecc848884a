import Link from "next/link";
import { Button } from "@/components/ui/button";

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
      <div className="flex gap-2">
        {page > 1 ? (
          <Button asChild variant="outline" size="sm">
            <Link href={hrefFor(Math.min(page - 1, pageCount))}>Previous</Link>
          </Button>
        ) : (
          <Button variant="outline" size="sm" disabled>
            Previous
          </Button>
        )}
        {page < pageCount ? (
          <Button asChild variant="outline" size="sm">
            <Link href={hrefFor(page + 1)}>Next</Link>
          </Button>
        ) : (
          <Button variant="outline" size="sm" disabled>
            Next
          </Button>
        )}
      </div>
    </nav>
  );
}
