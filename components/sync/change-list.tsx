"use client";

import { useState } from "react";
import { ArrowRight } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { actionLabels, type ChangeAmounts, type ChangeLine } from "@/lib/sync/describe-changes";

const resultLabels: Record<ChangeLine["result"], string> = {
  planned: "Planned",
  applied: "Applied",
  failed: "Failed",
  skipped: "—",
  held: "Held for approval",
  rejected: "Rejected",
};

function formatQuantity(amounts: ChangeAmounts | null): string {
  if (amounts === null || amounts.quantity === null) return "—";
  return String(amounts.quantity);
}

function formatPrice(amounts: ChangeAmounts | null): string | null {
  if (amounts === null || amounts.unitPrice === null) return null;
  return amounts.unitPrice.toFixed(2);
}

function actionVariant(action: string) {
  if (action === "conflict" || action === "drift") return "warning" as const;
  if (action === "cancel" || action === "zero") return "destructive" as const;
  if (action === "none") return "outline" as const;
  return "secondary" as const;
}

/**
 * A diff-like table of changes: product, action, quantity before → after, the unit price written,
 * the addition, the result and any drift. Products with no change are hidden until "Show unchanged".
 */
export function ChangeList({ lines, caption }: { lines: ChangeLine[]; caption: string }) {
  const [showUnchanged, setShowUnchanged] = useState(false);
  if (lines.length === 0) {
    return (
      <p className="text-muted-foreground text-sm">No products to sync: publish the catalog and record usage first.</p>
    );
  }
  const changed = lines.filter((line) => line.action !== "none");
  const unchanged = lines.filter((line) => line.action === "none");
  const ordered = showUnchanged ? [...changed, ...unchanged] : changed;
  return (
    <div className="grid grid-cols-1 gap-2">
      {changed.length === 0 && !showUnchanged ? (
        <p className="text-muted-foreground text-sm">Every product was already right: nothing changed.</p>
      ) : null}
      {ordered.length > 0 ? (
        <Table>
          <caption className="sr-only">{caption}</caption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Product</TableHead>
              <TableHead scope="col">Action</TableHead>
              <TableHead scope="col">Quantity</TableHead>
              <TableHead scope="col">Unit price</TableHead>
              <TableHead scope="col">Addition</TableHead>
              <TableHead scope="col">Result</TableHead>
              <TableHead scope="col">Notes</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {ordered.map((line, index) => {
              const beforePrice = formatPrice(line.before);
              const afterPrice = formatPrice(line.after);
              const quantityChanged =
                line.action !== "none" && formatQuantity(line.before) !== formatQuantity(line.after);
              return (
                <TableRow
                  key={`${line.productName}-${line.action}-${index}`}
                  className={line.action === "none" ? "text-muted-foreground" : undefined}
                >
                  <TableCell className="font-medium">{line.productName}</TableCell>
                  <TableCell>
                    <Badge variant={actionVariant(line.action)}>{actionLabels[line.action] ?? line.action}</Badge>
                  </TableCell>
                  <TableCell className="tabular-nums">
                    {quantityChanged ? (
                      <span className="inline-flex items-center gap-1">
                        <span className="line-through decoration-1 opacity-70">{formatQuantity(line.before)}</span>
                        <ArrowRight className="size-3" aria-label="becomes" />
                        <span className="font-medium">
                          {line.action === "cancel" ? "cancelled" : formatQuantity(line.after)}
                        </span>
                      </span>
                    ) : (
                      formatQuantity(line.before ?? line.after)
                    )}
                  </TableCell>
                  <TableCell className="tabular-nums">
                    {beforePrice !== null && afterPrice !== null && beforePrice !== afterPrice ? (
                      <span className="inline-flex items-center gap-1">
                        <span className="opacity-70">{beforePrice}</span>
                        <ArrowRight className="size-3" aria-label="becomes" />
                        <span>{afterPrice}</span>
                      </span>
                    ) : (
                      (afterPrice ??
                      beforePrice ?? (
                        <span className="text-muted-foreground" title="The catalog item's price, set by ConnectWise">
                          catalog price
                        </span>
                      ))
                    )}
                  </TableCell>
                  <TableCell className="tabular-nums">
                    {line.additionIds.length > 0
                      ? line.additionIds.map((id) => `#${id}`).join(", ")
                      : line.action === "create"
                        ? "new"
                        : "—"}
                  </TableCell>
                  <TableCell>
                    {line.result === "failed" ? (
                      <span className="text-destructive font-medium">Failed</span>
                    ) : line.action === "none" ? (
                      "—"
                    ) : (
                      resultLabels[line.result]
                    )}
                  </TableCell>
                  <TableCell className="max-w-md text-sm whitespace-normal">
                    {line.drift ? (
                      <p>
                        Drift: we wrote {line.drift.lastWritten}, ConnectWise had {line.drift.found}.
                      </p>
                    ) : null}
                    {line.message ? (
                      <p className={line.result === "failed" ? "text-destructive" : undefined}>{line.message}</p>
                    ) : null}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      ) : null}
      {unchanged.length > 0 ? (
        <div>
          <Button
            type="button"
            variant="link"
            size="sm"
            className="h-auto p-0"
            aria-expanded={showUnchanged}
            onClick={() => setShowUnchanged((value) => !value)}
          >
            {showUnchanged ? "Hide unchanged" : `Show unchanged (${unchanged.length})`}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
