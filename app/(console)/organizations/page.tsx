import type { Metadata } from "next";
import Link from "next/link";
import { Building2, Search } from "lucide-react";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { PageLinks } from "@/components/ui/page-links";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listOrganizationsWithUsage, listProducts } from "@/db/queries/organizations";
import { formatDateTime } from "@/lib/format";
import { requirePageContext } from "@/lib/auth/session";
import { roleAllows } from "@/lib/auth/roles";
import { SnapshotUsageButton } from "./snapshot-button";
import { plural } from "@/lib/format";

export const metadata: Metadata = { title: "Organizations" };

const pageSize = 25;
const searchParamsSchema = z.object({
  q: z.string().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(1),
});

export default async function OrganizationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const context = await requirePageContext();
  const { q, page = 1 } = searchParamsSchema.parse(await searchParams);
  const [{ rows, total }, productList] = await Promise.all([
    listOrganizationsWithUsage(context.db, { workspaceId: context.workspace.id, search: q, page, pageSize }),
    listProducts(context.db, { workspaceId: context.workspace.id }),
  ]);
  const products = productList.filter((product) => product.active);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const hrefFor = (target: number) =>
    `/organizations?${new URLSearchParams({ ...(q ? { q } : {}), page: String(target) })}`;

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Organizations</h1>
          <p className="text-muted-foreground text-sm">
            The organizations you manage and their current usage of each product.
          </p>
        </div>
        <SnapshotUsageButton canWrite={roleAllows(context.role, "admin")} />
      </div>
      <form role="search" className="flex max-w-md gap-2" action="/organizations">
        <label htmlFor="organization-search" className="sr-only">
          Search organizations
        </label>
        <Input id="organization-search" name="q" type="search" placeholder="Search by name or ID" defaultValue={q} />
        <Button type="submit" variant="secondary">
          <Search aria-hidden />
          Search
        </Button>
      </form>
      {rows.length === 0 ? (
        <div
          className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed p-10 text-center"
          role="status"
        >
          <Building2 className="size-8" aria-hidden />
          {q ? (
            <>
              <p>No organization matches “{q}”.</p>
              <Link className="text-primary underline" href="/organizations">
                Clear the search
              </Link>
            </>
          ) : (
            <p>No organizations yet. They appear here as soon as the platform reports them.</p>
          )}
        </div>
      ) : (
        <>
          <div className="min-w-0 rounded-lg border">
            <Table>
              <caption className="sr-only">Organizations and their usage per product</caption>
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">Organization</TableHead>
                  {products.map((product) => (
                    <TableHead
                      scope="col"
                      key={product.id}
                      className="text-right"
                      title={`${product.name} (${product.sku})`}
                    >
                      <span className="block max-w-32 truncate">{product.name}</span>
                      <span className="text-muted-foreground block text-xs font-normal">per {product.unit}</span>
                    </TableHead>
                  ))}
                  <TableHead scope="col" className="text-right">
                    Usage reported
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((organization) => (
                  <TableRow key={organization.id}>
                    <TableCell className="max-w-md">
                      <div className="truncate font-medium" title={organization.name}>
                        {organization.name}
                      </div>
                      <div className="text-muted-foreground flex items-center gap-2 text-xs">
                        {organization.externalId}
                        {organization.status !== "active" ? (
                          <Badge variant="warning">{organization.status}</Badge>
                        ) : null}
                      </div>
                    </TableCell>
                    {products.map((product) => {
                      const quantity = organization.usage[product.id];
                      return (
                        <TableCell key={product.id} className="text-right tabular-nums">
                          {quantity === undefined ? (
                            <span className="text-muted-foreground" aria-label="no usage">
                              –
                            </span>
                          ) : (
                            quantity.toLocaleString("en-US")
                          )}
                        </TableCell>
                      );
                    })}
                    <TableCell className="text-right text-xs whitespace-nowrap">
                      {organization.usageReportedAt ? (
                        <time dateTime={organization.usageReportedAt.toISOString()}>
                          {formatDateTime(organization.usageReportedAt)}
                        </time>
                      ) : (
                        <span className="text-muted-foreground">Never</span>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <nav aria-label="Pagination" className="flex items-center justify-between text-sm">
            <span className="text-muted-foreground">
              {total.toLocaleString("en-US")} {plural(total, "organization")} · page {Math.min(page, pageCount)} of{" "}
              {pageCount}
            </span>
            <PageLinks page={page} pageCount={pageCount} hrefFor={hrefFor} />
          </nav>
        </>
      )}
    </div>
  );
}
