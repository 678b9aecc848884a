import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { reconciliationStatusLabels, type ReconciliationLine } from "@/lib/reports/reconcile-month";
import { formatCents } from "@/lib/reports/reconciliation-csv";

function quantity(value: number | null): string {
  return value === null ? "—" : String(value);
}

/** The month's lines, largest money impact first; positive money is under-billing. */
export function ReconciliationTable({ lines }: { lines: ReconciliationLine[] }) {
  return (
    <div className="overflow-x-auto rounded-md border">
      <Table>
        <caption className="sr-only">
          Platform usage against ConnectWise per organization and product, largest money impact first
        </caption>
        <TableHeader>
          <TableRow>
            <TableHead scope="col">Organization</TableHead>
            <TableHead scope="col">Product</TableHead>
            <TableHead scope="col" className="text-right">
              Platform usage
            </TableHead>
            <TableHead scope="col" className="text-right">
              On ConnectWise
            </TableHead>
            <TableHead scope="col" className="text-right">
              Last written
            </TableHead>
            <TableHead scope="col" className="text-right">
              Difference
            </TableHead>
            <TableHead scope="col" className="text-right">
              Unit price
            </TableHead>
            <TableHead scope="col" className="text-right">
              Money
            </TableHead>
            <TableHead scope="col">Status</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {lines.map((line) => (
            <TableRow key={`${line.organizationId}:${line.productId}`}>
              <TableCell className="whitespace-normal">
                <Link
                  className="underline-offset-4 hover:underline"
                  href={`/organizations?q=${encodeURIComponent(line.organizationName)}`}
                >
                  {line.organizationName}
                </Link>
                {line.agreementName ? <div className="text-muted-foreground text-xs">{line.agreementName}</div> : null}
              </TableCell>
              <TableCell className="whitespace-normal">
                {line.productName}
                <div className="text-muted-foreground text-xs">
                  {line.productSku} · {line.countBasis}
                </div>
              </TableCell>
              <TableCell className="text-right tabular-nums">{quantity(line.platformQuantity)}</TableCell>
              <TableCell className="text-right tabular-nums">{quantity(line.connectWiseQuantity)}</TableCell>
              <TableCell className="text-right tabular-nums">{quantity(line.writtenQuantity)}</TableCell>
              <TableCell className="text-right tabular-nums">{line.difference}</TableCell>
              <TableCell className="text-right tabular-nums">{formatCents(line.unitPriceCents)}</TableCell>
              <TableCell className="text-right font-medium tabular-nums">{formatCents(line.moneyCents)}</TableCell>
              <TableCell>
                <Badge
                  variant={line.status === "in-step" || line.status === "drift-corrected" ? "secondary" : "default"}
                >
                  {reconciliationStatusLabels[line.status]}
                </Badge>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
