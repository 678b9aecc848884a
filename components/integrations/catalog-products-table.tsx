import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import type { CatalogProductView } from "@/lib/read-models/catalog";

const stateLabels: Record<
  CatalogProductView["state"],
  { label: string; variant: "success" | "warning" | "destructive" | "secondary" | "outline" }
> = {
  published: { label: "Published", variant: "success" },
  unchanged: { label: "Published", variant: "success" },
  updated: { label: "Updated", variant: "success" },
  retired: { label: "Retired (inactive)", variant: "secondary" },
  failed: { label: "Failed", variant: "destructive" },
  blocked: { label: "Blocked", variant: "warning" },
  pending: { label: "Not published yet", variant: "outline" },
  "not-published": { label: "Not published yet", variant: "outline" },
};

/** Every vendor product with its ConnectWise item and the outcome of the last publish. */
export function CatalogProductsTable({ products }: { products: CatalogProductView[] }) {
  if (products.length === 0) {
    return (
      <p className="text-muted-foreground rounded-lg border border-dashed p-6 text-center text-sm" role="status">
        The vendor catalog has no products yet. They are published here as soon as the vendor adds them.
      </p>
    );
  }
  return (
    <Table aria-label="Vendor products in the ConnectWise catalog">
      <TableHeader>
        <TableRow>
          <TableHead>Product</TableHead>
          <TableHead>ConnectWise product ID</TableHead>
          <TableHead className="text-right">Item id</TableHead>
          <TableHead>State</TableHead>
          <TableHead>Last sync</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {products.map((product) => {
          const state =
            !product.active && product.state === "not-published"
              ? { label: "Retired (not published)", variant: "secondary" as const }
              : stateLabels[product.state];
          return (
            <TableRow key={product.productId} data-sku={product.sku} data-state={product.state}>
              <TableCell className="align-top">
                <div className="font-medium">{product.name}</div>
                <div className="text-muted-foreground text-xs">{product.sku}</div>
              </TableCell>
              <TableCell className="align-top font-mono text-xs">{product.identifier ?? "—"}</TableCell>
              <TableCell className="text-right align-top tabular-nums">{product.catalogItemId ?? "—"}</TableCell>
              <TableCell className="max-w-sm align-top whitespace-normal">
                <Badge variant={state.variant}>{state.label}</Badge>
                {product.message ? (
                  <p
                    className={`mt-1 text-xs ${product.state === "failed" ? "text-destructive" : "text-muted-foreground"}`}
                  >
                    {product.message}
                  </p>
                ) : null}
              </TableCell>
              <TableCell className="text-muted-foreground align-top text-xs">
                {product.lastSyncedAt ? formatDateTime(product.lastSyncedAt) : "Never"}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
