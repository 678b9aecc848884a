"use client";

import { useCallback, useEffect, useMemo, useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ArrowDown, ArrowUp, ArrowUpDown, Building2, Loader2, Play, Search, Sparkles, Users } from "lucide-react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { MappingFilter, MappingSort } from "@/db/queries/mappings";
import type { DriftCorrection } from "@/db/queries/sync";
import type { DirectoryView, MappingTableQuery, MappingTableRow } from "@/lib/read-models/mapping-table";
import { plural } from "@/lib/format";
import { cn } from "@/lib/utils";
import { clearMappings, saveMapping, setMappingSync } from "@/lib/server-actions/mappings";
import { syncAll, syncNow as queueSyncNow } from "@/lib/server-actions/sync";
import { AgreementPicker } from "./agreement-picker";
import { AutoMatchDialog } from "./auto-match-dialog";
import { CompanyCombobox } from "./company-combobox";
import { ExportCsvButton, ImportCsvButton } from "./csv-buttons";
import { DirectoryRefreshButton } from "./directory-refresh-button";
import { LastSyncCell, type RunState } from "./sync-state";
import { SyncToggle, TurnOffSyncDialog } from "./sync-toggle";

const basePath = "/settings/integrations/connectwise";
const filterLabels: Record<MappingFilter, string> = {
  all: "All",
  unmapped: "Unmapped",
  mapped: "Mapped",
  "sync-on": "Sync on",
  failing: "Failing",
};
/** How often the table polls when the live status stream is unavailable. */
export const POLL_MS = 2000;

interface LiveStatus {
  organizationId: string;
  syncEnabled: boolean;
  lastRunId: string | null;
  lastRunState: RunState;
  lastRunAt: string | null;
  lastRunMessage: string | null;
  driftCorrections: DriftCorrection[];
  ownedAdditions?: number;
}

function hrefFor(query: MappingTableQuery, changes: Partial<MappingTableQuery>): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.filter !== "all") params.set("filter", next.filter);
  if (next.sort !== "organization") params.set("sort", next.sort);
  if (next.direction !== "asc") params.set("direction", next.direction);
  if (next.page > 1) params.set("page", String(next.page));
  if (next.pageSize !== 50) params.set("pageSize", String(next.pageSize));
  const text = params.toString();
  return text ? `${basePath}?${text}` : basePath;
}

const stateOrder: Record<string, number> = { queued: 1, running: 2, succeeded: 3, failed: 3 };

/** Whether a live status says more than the row: a later run, or the same run further along. */
function isNewerStatus(status: LiveStatus, row: Pick<MappingTableRow, "lastRunId" | "lastRunState" | "lastRunAt">) {
  if (status.lastRunId !== row.lastRunId) return (status.lastRunAt ?? "") > (row.lastRunAt ?? "");
  if (status.lastRunAt !== row.lastRunAt) return (status.lastRunAt ?? "") > (row.lastRunAt ?? "");
  return (stateOrder[status.lastRunState ?? ""] ?? 0) > (stateOrder[row.lastRunState ?? ""] ?? 0);
}

/**
 * Row status pushed by the server (GET /api/mappings/events: server-sent events fed by PostgreSQL
 * LISTEN/NOTIFY) the moment a run is queued, starts or ends. While that stream is not open, poll the
 * status route instead for rows queued or running; the directory refresh's progress is polled either way.
 */
function useLiveStatus(rows: MappingTableRow[], directory: DirectoryView) {
  const [statuses, setStatuses] = useState<Record<string, LiveStatus>>({});
  const [liveDirectory, setLiveDirectory] = useState<DirectoryView>(directory);
  const [kick, setKick] = useState(0);
  const [streaming, setStreaming] = useState(false);
  const router = useRouter();
  // New server data replaces the directory progress; a row's live status stays only while it is newer than
  // the server's row (a page refreshed by an action can carry "queued" after the stream said "succeeded").
  const [source, setSource] = useState({ rows, directory });
  if (source.rows !== rows || source.directory !== directory) {
    setSource({ rows, directory });
    setLiveDirectory(directory);
  }
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const events = new EventSource("/api/mappings/events");
    events.addEventListener("ready", () => setStreaming(true));
    events.addEventListener("status", (event) => {
      const status = JSON.parse((event as MessageEvent<string>).data) as LiveStatus;
      setStatuses((previous) => ({ ...previous, [status.organizationId]: status }));
    });
    events.addEventListener("error", () => setStreaming(false));
    return () => events.close();
  }, []);
  const merged = useMemo(
    () =>
      rows.map((row) => {
        const status = statuses[row.organizationId];
        return status && isNewerStatus(status, row) ? { ...row, ...status } : row;
      }),
    [rows, statuses],
  );
  const active = merged
    .filter((row) => row.lastRunState === "queued" || row.lastRunState === "running")
    .map((row) => row.organizationId);
  const directoryBusy = liveDirectory.state === "queued" || liveDirectory.state === "running";
  const activeKey = streaming ? "" : active.join(",");
  useEffect(() => {
    if (activeKey === "" && !directoryBusy && kick === 0) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/mappings/status?ids=${activeKey}`, { cache: "no-store" });
        if (!response.ok || cancelled) return;
        const body = (await response.json()) as { rows: LiveStatus[]; directory: DirectoryView };
        setStatuses((previous) => ({
          ...previous,
          ...Object.fromEntries(body.rows.map((row) => [row.organizationId, row])),
        }));
        if (directoryBusy && body.directory.state !== "queued" && body.directory.state !== "running") router.refresh();
        setLiveDirectory(body.directory);
        setKick(0);
      } catch {
        // The next render retries; a missed poll only delays the update.
      }
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [activeKey, directoryBusy, kick, router, statuses]);
  return {
    rows: merged,
    directory: liveDirectory,
    streaming,
    poll: () => setKick((value) => value + 1),
  };
}

export function MappingTable({
  rows: initialRows,
  total,
  counts,
  query,
  directory: initialDirectory,
  canWrite,
}: {
  rows: MappingTableRow[];
  total: number;
  counts: Record<MappingFilter, number>;
  query: MappingTableQuery;
  directory: DirectoryView;
  canWrite: boolean;
}) {
  const { rows, directory, streaming, poll } = useLiveStatus(initialRows, initialDirectory);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkPending, startBulk] = useTransition();
  const [confirmClear, setConfirmClear] = useState(false);
  const [confirmOff, setConfirmOff] = useState(false);
  const [confirmSyncAll, setConfirmSyncAll] = useState(false);
  const [selectionRows, setSelectionRows] = useState(initialRows);
  if (selectionRows !== initialRows) {
    setSelectionRows(initialRows);
    setSelected(new Set());
  }

  const pageCount = Math.max(1, Math.ceil(total / query.pageSize));
  const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.organizationId));
  const someSelected = rows.some((row) => selected.has(row.organizationId));
  const selectedRows = rows.filter((row) => selected.has(row.organizationId));
  const selectedIds = selectedRows.map((row) => row.organizationId);

  const toggle = useCallback((organizationId: string, checked: boolean) => {
    setSelected((previous) => {
      const next = new Set(previous);
      if (checked) next.add(organizationId);
      else next.delete(organizationId);
      return next;
    });
  }, []);

  function runBulk(work: () => Promise<{ ok: true; data: { message?: string } } | { ok: false; error: string }>) {
    startBulk(async () => {
      const result = await work();
      if (result.ok) {
        toast.success(result.data.message ?? "Done.");
        poll();
      } else toast.error(result.error);
    });
  }

  function syncNow(mappingIds: string[]) {
    runBulk(async () => {
      const result = await queueSyncNow({ mappingIds });
      if (!result.ok) return result;
      const { queued, refused } = result.data;
      return {
        ok: true,
        data: {
          message: `${queued.length} ${plural(queued.length, "sync")} queued${refused.length > 0 ? `; ${refused.length} refused: ${refused[0]!.error}` : ""}.`,
        },
      };
    });
  }

  const sortHeader = (sort: MappingSort, label: string) => {
    const active = query.sort === sort;
    const nextDirection = active && query.direction === "asc" ? "desc" : "asc";
    const Icon = active ? (query.direction === "asc" ? ArrowUp : ArrowDown) : ArrowUpDown;
    return (
      <TableHead scope="col" aria-sort={active ? (query.direction === "asc" ? "ascending" : "descending") : "none"}>
        <Link
          href={hrefFor(query, { sort, direction: nextDirection, page: 1 })}
          className="hover:text-foreground inline-flex items-center gap-1"
        >
          {label}
          <Icon className="size-3.5" aria-hidden />
          <span className="sr-only">
            {active ? `, sorted ${query.direction === "asc" ? "ascending" : "descending"}` : ", sort"}
          </span>
        </Link>
      </TableHead>
    );
  };

  return (
    <div className="grid grid-cols-1 gap-4" data-live={streaming ? "stream" : "poll"}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <DirectoryRefreshButton directory={directory} canWrite={canWrite} onQueued={poll} />
        <div className="flex flex-wrap gap-2">
          {canWrite && directory.companies > 0 && counts.unmapped > 0 ? <AutoMatchDialog /> : null}
          <ExportCsvButton />
          {canWrite ? <ImportCsvButton /> : null}
          {canWrite ? (
            <Button
              size="sm"
              disabled={bulkPending || counts["sync-on"] === 0}
              onClick={() => setConfirmSyncAll(true)}
              title={counts["sync-on"] === 0 ? "No organization has sync on" : undefined}
            >
              <Play aria-hidden />
              Sync all
            </Button>
          ) : null}
        </div>
      </div>
      {!canWrite ? (
        <p className="text-muted-foreground rounded-md border px-3 py-2 text-sm" role="note">
          You can see the mappings; an owner or admin can change them.
        </p>
      ) : null}

      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="Filter organizations" className="flex flex-wrap gap-1">
          {(Object.keys(filterLabels) as MappingFilter[]).map((filter) => (
            <Link
              key={filter}
              href={hrefFor(query, { filter, page: 1 })}
              aria-current={query.filter === filter ? "page" : undefined}
              className={cn(
                "focus-visible:ring-ring/50 rounded-md px-3 py-1.5 text-sm outline-none focus-visible:ring-[3px]",
                query.filter === filter ? "bg-secondary font-medium" : "text-muted-foreground hover:text-foreground",
              )}
            >
              {filterLabels[filter]} <span className="tabular-nums">({counts[filter].toLocaleString("en-US")})</span>
            </Link>
          ))}
        </nav>
        <form role="search" className="flex gap-2" action={basePath}>
          {query.filter !== "all" ? <input type="hidden" name="filter" value={query.filter} /> : null}
          {query.sort !== "organization" ? <input type="hidden" name="sort" value={query.sort} /> : null}
          {query.direction !== "asc" ? <input type="hidden" name="direction" value={query.direction} /> : null}
          <label htmlFor="mapping-search" className="sr-only">
            Search organizations and companies
          </label>
          <Input
            id="mapping-search"
            name="q"
            type="search"
            placeholder="Organization or company"
            defaultValue={query.q}
            className="w-64"
          />
          <Button type="submit" variant="secondary">
            <Search aria-hidden />
            Search
          </Button>
        </form>
      </div>

      {canWrite && someSelected ? (
        <div
          className="bg-secondary/60 flex flex-wrap items-center gap-2 rounded-md px-3 py-2"
          role="toolbar"
          aria-label="Actions on the selected organizations"
        >
          <span className="text-sm font-medium">{selectedIds.length} selected</span>
          <Button
            size="sm"
            variant="outline"
            disabled={bulkPending}
            onClick={() => runBulk(() => setMappingSync({ organizationIds: selectedIds, enabled: true }))}
          >
            Turn sync on
          </Button>
          <Button
            size="sm"
            variant="outline"
            disabled={bulkPending || !selectedRows.some((row) => row.syncEnabled)}
            onClick={() => setConfirmOff(true)}
          >
            Turn sync off
          </Button>
          <Button
            size="sm"
            variant="outline"
            disabled={bulkPending || !selectedRows.some((row) => row.syncEnabled && row.mappingId)}
            onClick={() =>
              syncNow(selectedRows.filter((row) => row.syncEnabled && row.mappingId).map((row) => row.mappingId!))
            }
          >
            <Play aria-hidden />
            Sync selected
          </Button>
          <Button
            size="sm"
            variant="outline"
            disabled={bulkPending || !selectedRows.some((row) => row.companyId !== null)}
            onClick={() => setConfirmClear(true)}
          >
            Clear mapping
          </Button>
          {bulkPending ? <Loader2 className="size-4 animate-spin" aria-label="Working" /> : null}
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
            Clear selection
          </Button>
        </div>
      ) : null}

      {rows.length === 0 ? (
        <div
          className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed p-10 text-center"
          role="status"
        >
          <Building2 className="size-8" aria-hidden />
          {query.q || query.filter !== "all" ? (
            <>
              <p>
                No organization matches{query.q ? ` “${query.q}”` : ""} in “{filterLabels[query.filter]}”.
              </p>
              <Link className="text-primary underline" href={basePath}>
                Show all organizations
              </Link>
            </>
          ) : (
            <p>No organizations yet. They appear here as soon as the platform reports them.</p>
          )}
        </div>
      ) : (
        <div className="min-w-0 rounded-lg border">
          <Table>
            <caption className="sr-only">Organizations mapped to ConnectWise companies and agreements</caption>
            <TableHeader>
              <TableRow>
                {canWrite ? (
                  <TableHead className="w-10">
                    <Checkbox
                      aria-label="Select every organization on this page"
                      checked={allSelected ? true : someSelected ? "indeterminate" : false}
                      onCheckedChange={(checked) =>
                        setSelected(checked === true ? new Set(rows.map((row) => row.organizationId)) : new Set())
                      }
                    />
                  </TableHead>
                ) : null}
                {sortHeader("organization", "Organization")}
                {sortHeader("company", "ConnectWise company")}
                {sortHeader("agreement", "Agreement")}
                {sortHeader("sync", "Sync")}
                {sortHeader("last-sync", "Last sync")}
                <TableHead scope="col">
                  <span className="sr-only">Sync now</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <MappingTableRowView
                  key={row.organizationId}
                  row={row}
                  canWrite={canWrite}
                  selected={selected.has(row.organizationId)}
                  onToggle={toggle}
                  onSyncNow={(mappingId) => syncNow([mappingId])}
                  busy={bulkPending}
                />
              ))}
            </TableBody>
          </Table>
        </div>
      )}

      <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span className="text-muted-foreground">
          {total.toLocaleString("en-US")} {plural(total, "organization")} · page {Math.min(query.page, pageCount)} of{" "}
          {pageCount}
        </span>
        <div className="flex items-center gap-2">
          <span className="text-muted-foreground">Rows per page</span>
          {[25, 50, 100].map((size) => (
            <Link
              key={size}
              href={hrefFor(query, { pageSize: size, page: 1 })}
              aria-current={query.pageSize === size ? "true" : undefined}
              className={cn(
                "rounded px-1.5",
                query.pageSize === size ? "bg-secondary font-medium" : "text-muted-foreground hover:text-foreground",
              )}
            >
              {size}
            </Link>
          ))}
          {query.page > 1 ? (
            <Button asChild variant="outline" size="sm">
              <Link href={hrefFor(query, { page: query.page - 1 })}>Previous</Link>
            </Button>
          ) : (
            <Button variant="outline" size="sm" disabled>
              Previous
            </Button>
          )}
          {query.page < pageCount ? (
            <Button asChild variant="outline" size="sm">
              <Link href={hrefFor(query, { page: query.page + 1 })}>Next</Link>
            </Button>
          ) : (
            <Button variant="outline" size="sm" disabled>
              Next
            </Button>
          )}
        </div>
      </nav>

      <TurnOffSyncDialog
        open={confirmOff}
        onOpenChange={setConfirmOff}
        organizationIds={selectedRows.filter((row) => row.syncEnabled).map((row) => row.organizationId)}
        description={`${selectedRows.filter((row) => row.syncEnabled).length} ${plural(selectedRows.filter((row) => row.syncEnabled).length, "selected organization")} ${selectedRows.filter((row) => row.syncEnabled).length === 1 ? "is" : "are"} synced.`}
        additionCount={selectedRows
          .filter((row) => row.syncEnabled)
          .reduce((total, row) => total + row.ownedAdditions, 0)}
        onDone={() => setSelected(new Set())}
      />
      <AlertDialog open={confirmSyncAll} onOpenChange={(next) => !bulkPending && setConfirmSyncAll(next)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>
              Sync all {counts["sync-on"].toLocaleString("en-US")} organization{counts["sync-on"] === 1 ? "" : "s"}?
            </AlertDialogTitle>
            <AlertDialogDescription>
              Every organization with sync on reads its ConnectWise agreement and writes its usage to it. The first ones
              are queued now and the rest follow over the next minutes, taking turns with other workspaces. Runs already
              queued are not queued twice.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel disabled={bulkPending}>Cancel</AlertDialogCancel>
            <AlertDialogAction
              onClick={(event) => {
                event.preventDefault();
                runBulk(async () => {
                  const result = await syncAll({});
                  setConfirmSyncAll(false);
                  if (!result.ok) return result;
                  return { ok: true, data: { message: result.data.message } };
                });
              }}
            >
              Sync all
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
      <AlertDialog open={confirmClear} onOpenChange={(next) => !bulkPending && setConfirmClear(next)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>
              Clear {selectedRows.filter((row) => row.companyId !== null).length} mapping(s)?
            </AlertDialogTitle>
            <AlertDialogDescription>
              The selected organizations lose their company and agreement, and their sync stops. Additions already in
              ConnectWise are left as they are.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel disabled={bulkPending}>Cancel</AlertDialogCancel>
            <AlertDialogAction
              onClick={(event) => {
                event.preventDefault();
                runBulk(async () => {
                  const result = await clearMappings({ organizationIds: selectedIds });
                  setConfirmClear(false);
                  return result;
                });
              }}
              className="bg-destructive hover:bg-destructive/90 text-white"
            >
              Clear mapping
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}

function MappingTableRowView({
  row,
  canWrite,
  selected,
  onToggle,
  onSyncNow,
  busy,
}: {
  row: MappingTableRow;
  canWrite: boolean;
  selected: boolean;
  onToggle: (organizationId: string, checked: boolean) => void;
  onSyncNow: (mappingId: string) => void;
  busy: boolean;
}) {
  const [pending, startTransition] = useTransition();
  const complete = row.companyId !== null && row.agreementId !== null;

  function save(input: { companyId: number | null; agreementId?: number | null }) {
    startTransition(async () => {
      const result = await saveMapping({ organizationId: row.organizationId, ...input });
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      const { row: saved, warnings } = result.data;
      for (const warning of warnings) toast.warning(warning);
      if (warnings.length === 0) {
        toast.success(
          saved.companyId === null
            ? `${row.organizationName}: mapping cleared.`
            : `${row.organizationName} → ${saved.companyName}${saved.agreementName ? `, ${saved.agreementName}` : " (choose an agreement)"}.`,
        );
      }
    });
  }

  return (
    <TableRow data-state={selected ? "selected" : undefined}>
      {canWrite ? (
        <TableCell>
          <Checkbox
            aria-label={`Select ${row.organizationName}`}
            checked={selected}
            onCheckedChange={(checked) => onToggle(row.organizationId, checked === true)}
          />
        </TableCell>
      ) : null}
      <TableCell className="max-w-48">
        <div className="truncate font-medium" title={row.organizationName}>
          {row.organizationName}
        </div>
        <div className="text-muted-foreground flex items-center gap-2 text-xs">
          {row.externalId}
          {row.organizationStatus !== "active" ? <Badge variant="warning">{row.organizationStatus}</Badge> : null}
        </div>
      </TableCell>
      <TableCell className="min-w-56">
        {canWrite ? (
          <CompanyCombobox
            organizationName={row.organizationName}
            value={
              row.companyId === null
                ? null
                : { id: row.companyId, identifier: row.companyIdentifier, name: row.companyName }
            }
            disabled={pending}
            onSelect={(company) => save({ companyId: company?.id ?? null })}
          />
        ) : row.companyId !== null ? (
          <span className="grid">
            <span>{row.companyName}</span>
            <span className="text-muted-foreground font-mono text-xs">{row.companyIdentifier}</span>
          </span>
        ) : (
          <span className="text-muted-foreground">Not mapped</span>
        )}
        {row.companyId === null && row.suggestion ? (
          <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs">
            <Sparkles className="text-muted-foreground size-3.5" aria-hidden />
            <span title={row.suggestion.identifier}>
              Suggested: <span className="font-medium">{row.suggestion.name}</span>
            </span>
            <Badge
              variant={
                row.suggestion.confidence === "high"
                  ? "success"
                  : row.suggestion.confidence === "medium"
                    ? "warning"
                    : "outline"
              }
            >
              {row.suggestion.confidence}
              <span className="sr-only"> confidence</span>
            </Badge>
            {canWrite ? (
              <Button
                size="sm"
                variant="link"
                className="h-auto p-0 text-xs"
                disabled={pending}
                onClick={() => save({ companyId: row.suggestion!.companyId })}
                aria-label={`Accept ${row.suggestion.name} for ${row.organizationName}`}
              >
                Accept
              </Button>
            ) : null}
          </div>
        ) : null}
      </TableCell>
      <TableCell className="min-w-48">
        {row.companyId === null ? (
          canWrite ? (
            <span className="text-muted-foreground text-sm">Choose a company first</span>
          ) : (
            <span className="text-muted-foreground text-sm">No agreement</span>
          )
        ) : canWrite ? (
          <AgreementPicker
            organizationName={row.organizationName}
            companyId={row.companyId}
            value={row.agreementId === null ? null : { id: row.agreementId, name: row.agreementName }}
            disabled={pending}
            onSelect={(agreement) => save({ companyId: row.companyId, agreementId: agreement.id })}
          />
        ) : (
          <span>{row.agreementName ?? <span className="text-muted-foreground">No agreement</span>}</span>
        )}
        {row.sharesAgreementWith.length > 0 ? (
          <p
            className="text-muted-foreground mt-1 flex items-center gap-1 text-xs"
            title={`Shared with ${row.sharesAgreementWith.join(", ")}. Each organization bills its own lines, labelled with its name.`}
          >
            <Users className="size-3.5" aria-hidden />
            Shared with {row.sharesAgreementWith.slice(0, 2).join(", ")}
            {row.sharesAgreementWith.length > 2 ? ` and ${row.sharesAgreementWith.length - 2} more` : ""}
          </p>
        ) : null}
      </TableCell>
      <TableCell>
        <SyncToggle
          organizationId={row.organizationId}
          organizationName={row.organizationName}
          agreementName={row.agreementName}
          enabled={row.syncEnabled}
          complete={complete}
          canWrite={canWrite}
          ownedAdditions={row.ownedAdditions}
        />
      </TableCell>
      <TableCell>
        <LastSyncCell
          organizationId={row.organizationId}
          state={row.lastRunState}
          at={row.lastRunAt}
          message={row.lastRunMessage}
          driftCorrections={row.driftCorrections}
        />
      </TableCell>
      <TableCell className="text-right">
        {canWrite && complete ? (
          <Button
            size="sm"
            variant="outline"
            disabled={
              busy ||
              !row.syncEnabled ||
              !row.mappingId ||
              row.lastRunState === "queued" ||
              row.lastRunState === "running"
            }
            onClick={() => row.mappingId && onSyncNow(row.mappingId)}
            aria-label={`Sync now: ${row.organizationName}`}
            title={!row.syncEnabled ? "Turn sync on first" : undefined}
          >
            <Play aria-hidden />
            Sync now
          </Button>
        ) : null}
      </TableCell>
    </TableRow>
  );
}
