import Link from "next/link";
import { Button } from "@/components/ui/button";

/** Previous and Next for a paged list; a button with nowhere to go is shown disabled, not hidden. */
export function PageLinks({
  page,
  pageCount,
  hrefFor,
}: {
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
}) {
  return (
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
  );
}
