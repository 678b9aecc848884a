import type { Metadata } from "next";
import Link from "next/link";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AuditExportButton } from "@/components/audit/audit-export-button";
import { listAuditAction } from "@/lib/actions/audit";
import { describeAuditAction, auditKindLabels, summarizeAuditDetails } from "@/lib/audit/describe-audit-event";
import { requirePageContext } from "@/lib/auth/session";
import { roleAllows } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Audit log" };

const selectClass =
  "border-input focus-visible:border-ring focus-visible:ring-ring/50 h-9 w-full rounded-md border bg-transparent px-2 text-sm shadow-xs outline-none focus-visible:ring-[3px]";

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const context = await requirePageContext();
  if (!roleAllows(context.role, "admin")) {
    return (
      <div className="grid max-w-4xl gap-6">
        <PageTitle />
        <Alert>
          <AlertDescription>Only owners and admins can read the audit log.</AlertDescription>
        </Alert>
      </div>
    );
  }
  const params = await searchParams;
  const filters = { kind: params.kind, actorUserId: params.person, from: params.from, to: params.to };
  const result = await listAuditAction.execute(context, { ...filters, page: params.page ?? "1" });
  if (!result.ok) {
    return (
      <div className="grid max-w-4xl gap-6">
        <PageTitle />
        <Alert variant="destructive">
          <AlertDescription>
            {result.fieldErrors
              ? "A filter is not valid: " + Object.values(result.fieldErrors).join(" ")
              : result.error}{" "}
            <Link href="/settings/audit-log" className="underline">
              Clear the filters
            </Link>
          </AlertDescription>
        </Alert>
      </div>
    );
  }
  const { entries, total, page, pageSize, facets } = result.data;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const filtered = Object.values(filters).some(Boolean);
  const pageLink = (target: number) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value && key !== "page") query.set(key, value);
    query.set("page", String(target));
    return `/settings/audit-log?${query}`;
  };
  return (
    <div className="grid max-w-6xl gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <PageTitle />
        <AuditExportButton filters={filters} />
      </div>
      <p className="text-muted-foreground text-sm">
        Security- and billing-relevant events of this workspace: who did what, when and from which address. Events are
        kept {env().AUDIT_RETENTION_DAYS} days.
      </p>
      <form className="grid grid-cols-2 items-end gap-3 md:grid-cols-5" aria-label="Filter the audit log">
        <div className="grid gap-1">
          <Label htmlFor="audit-kind">Kind</Label>
          <select id="audit-kind" name="kind" defaultValue={filters.kind ?? ""} className={selectClass}>
            <option value="">All kinds</option>
            {facets.kinds.map((kind) => (
              <option key={kind} value={kind}>
                {auditKindLabels[kind] ?? kind}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1">
          <Label htmlFor="audit-person">Person</Label>
          <select id="audit-person" name="person" defaultValue={filters.actorUserId ?? ""} className={selectClass}>
            <option value="">Everyone</option>
            {facets.actors.map((actor) => (
              <option key={actor.id} value={actor.id}>
                {actor.email}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1">
          <Label htmlFor="audit-from">From (UTC)</Label>
          <Input id="audit-from" name="from" type="date" defaultValue={filters.from ?? ""} />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="audit-to">To (UTC)</Label>
          <Input id="audit-to" name="to" type="date" defaultValue={filters.to ?? ""} />
        </div>
        <div className="flex gap-2">
          <Button type="submit">Apply filters</Button>
          {filtered ? (
            <Button variant="ghost" asChild>
              <Link href="/settings/audit-log">Clear</Link>
            </Button>
          ) : null}
        </div>
      </form>
      <Card className="gap-0 py-0">
        <CardContent className="px-0">
          {entries.length === 0 ? (
            <p className="text-muted-foreground p-6 text-sm">
              {filtered ? "No events match these filters." : "No events recorded yet."}
            </p>
          ) : (
            <Table aria-label="Audit events">
              <TableHeader>
                <TableRow>
                  <TableHead className="w-44">When</TableHead>
                  <TableHead className="w-48">Who</TableHead>
                  <TableHead>What</TableHead>
                  <TableHead className="w-32">Address</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {entries.map((entry) => (
                  <TableRow key={entry.id} data-action={entry.action}>
                    <TableCell className="text-sm whitespace-nowrap">{formatDateTime(entry.occurredAt)}</TableCell>
                    <TableCell className="text-sm whitespace-normal [overflow-wrap:anywhere]">
                      {entry.actorEmail ?? <span className="text-muted-foreground">System</span>}
                    </TableCell>
                    <TableCell className="text-sm whitespace-normal">
                      <div className="font-medium">{describeAuditAction(entry.action)}</div>
                      <div className="text-muted-foreground [overflow-wrap:anywhere]">
                        {summarizeAuditDetails(entry.details)}
                      </div>
                    </TableCell>
                    <TableCell className="font-mono text-xs">{entry.ipAddress ?? "—"}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
      {pages > 1 ? (
        <nav aria-label="Audit log pages" className="flex items-center justify-between text-sm">
          <span>
            Page {page} of {pages} ({total} events)
          </span>
          <div className="flex gap-2">
            {page > 1 ? (
              <Button variant="outline" size="sm" asChild>
                <Link href={pageLink(page - 1)}>Previous</Link>
              </Button>
            ) : null}
            {page < pages ? (
              <Button variant="outline" size="sm" asChild>
                <Link href={pageLink(page + 1)}>Next</Link>
              </Button>
            ) : null}
          </div>
        </nav>
      ) : null}
    </div>
  );
}

function PageTitle() {
  return (
    <div>
      <p className="text-muted-foreground text-sm">Settings</p>
      <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
    </div>
  );
}
