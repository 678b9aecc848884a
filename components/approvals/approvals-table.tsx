"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { ArrowRight, CheckCheck, Loader2 } from "lucide-react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime, formatSignedMoney } from "@/lib/format";
import type { ApprovalRow } from "@/lib/read-models/approvals";
import { decideHeldChanges } from "@/lib/server-actions/approvals";

const ruleLabels: Record<ApprovalRow["rule"], string> = {
  decrease: "Decrease",
  increase: "Increase above threshold",
  "new-line": "New product line",
  cancellation: "Cancellation",
};

const stateLabels: Record<ApprovalRow["state"], string> = {
  held: "Waiting",
  approved: "Approved — applied at the next run",
  rejected: "Rejected",
};

function formatMoney(value: number | null): string {
  if (value === null) return "ConnectWise's price";
  return formatSignedMoney(value);
}

/** Held changes: approve or reject one or many; approving applies them at the next run, or now. */
export function ApprovalsTable({ rows, canDecide }: { rows: ApprovalRow[]; canDecide: boolean }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, startTransition] = useTransition();
  const waiting = rows.filter((row) => row.state === "held");
  const selectedIds = rows.filter((row) => selected.has(row.id)).map((row) => row.id);
  const allSelected = waiting.length > 0 && waiting.every((row) => selected.has(row.id));

  function decide(ids: string[], decision: "approve" | "reject", syncNow = false) {
    startTransition(async () => {
      const result = await decideHeldChanges({ ids, decision, syncNow });
      if (result.ok) {
        toast.success(result.data.message);
        setSelected(new Set());
      } else toast.error(result.error);
    });
  }

  if (rows.length === 0) {
    return (
      <div
        className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed p-10 text-center"
        role="status"
      >
        <CheckCheck className="size-8" aria-hidden />
        <p>Nothing is waiting for approval. Changes held by the policy appear here with their money impact.</p>
      </div>
    );
  }

  return (
    <div className="grid gap-3">
      {canDecide && selectedIds.length > 0 ? (
        <div
          className="bg-secondary/60 flex flex-wrap items-center gap-2 rounded-md px-3 py-2"
          role="toolbar"
          aria-label="Decisions on the selected changes"
        >
          <span className="text-sm font-medium">{selectedIds.length} selected</span>
          <Button size="sm" disabled={pending} onClick={() => decide(selectedIds, "approve")}>
            Approve
          </Button>
          <Button size="sm" variant="outline" disabled={pending} onClick={() => decide(selectedIds, "approve", true)}>
            Approve and sync now
          </Button>
          <Button size="sm" variant="outline" disabled={pending} onClick={() => decide(selectedIds, "reject")}>
            Reject
          </Button>
          {pending ? <Loader2 className="size-4 animate-spin" aria-label="Working" /> : null}
        </div>
      ) : null}
      <div className="overflow-x-auto rounded-md border">
        <Table>
          <TableHeader>
            <TableRow>
              {canDecide ? (
                <TableHead className="w-10">
                  <Checkbox
                    aria-label="Select every waiting change"
                    checked={allSelected}
                    disabled={waiting.length === 0}
                    onCheckedChange={(checked) =>
                      setSelected(checked === true ? new Set(waiting.map((row) => row.id)) : new Set())
                    }
                  />
                </TableHead>
              ) : null}
              <TableHead scope="col">Organization</TableHead>
              <TableHead scope="col">Product</TableHead>
              <TableHead scope="col">Quantity</TableHead>
              <TableHead scope="col">Money per period</TableHead>
              <TableHead scope="col">Held by</TableHead>
              <TableHead scope="col">Held since</TableHead>
              <TableHead scope="col">Decision</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.id} data-state={selected.has(row.id) ? "selected" : undefined}>
                {canDecide ? (
                  <TableCell>
                    <Checkbox
                      aria-label={`Select ${row.productName} of ${row.organizationName}`}
                      checked={selected.has(row.id)}
                      disabled={row.state !== "held"}
                      onCheckedChange={(checked) =>
                        setSelected((previous) => {
                          const next = new Set(previous);
                          if (checked === true) next.add(row.id);
                          else next.delete(row.id);
                          return next;
                        })
                      }
                    />
                  </TableCell>
                ) : null}
                <TableCell>
                  <Link
                    className="hover:underline"
                    href={`/settings/integrations/connectwise/organizations/${row.organizationId}`}
                  >
                    {row.organizationName}
                  </Link>
                </TableCell>
                <TableCell>{row.productName}</TableCell>
                <TableCell className="whitespace-nowrap tabular-nums">
                  <span aria-label={`from ${row.before} to ${row.after}`}>
                    {row.before} <ArrowRight className="inline size-3.5" aria-hidden /> {row.after}
                  </span>
                </TableCell>
                <TableCell className="tabular-nums">{formatMoney(row.moneyImpact)}</TableCell>
                <TableCell>
                  <Badge variant="secondary">{ruleLabels[row.rule]}</Badge>
                </TableCell>
                <TableCell className="whitespace-nowrap">{formatDateTime(row.heldSince)}</TableCell>
                <TableCell>
                  {row.state === "held" && canDecide ? (
                    <div className="flex gap-1">
                      <Button
                        size="sm"
                        variant="outline"
                        disabled={pending}
                        aria-label={`Approve ${row.productName} of ${row.organizationName}`}
                        onClick={() => decide([row.id], "approve")}
                      >
                        Approve
                      </Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={pending}
                        aria-label={`Reject ${row.productName} of ${row.organizationName}`}
                        onClick={() => decide([row.id], "reject")}
                      >
                        Reject
                      </Button>
                    </div>
                  ) : (
                    <span className="text-muted-foreground text-sm">{stateLabels[row.state]}</span>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
