import type { Metadata } from "next";
import Link from "next/link";
import { MappingTable } from "@/components/mapping/mapping-table";
import { requirePageContext } from "@/lib/auth/session";
import { roleAllows } from "@/lib/auth/roles";
import { getConnectionView } from "@/lib/read-models/connection";
import { getMappingTable, mappingTableQuerySchema } from "@/lib/read-models/mapping-table";

export const metadata: Metadata = { title: "ConnectWise Manage · Mappings" };

/** Manage: every organization with its ConnectWise company, agreement, sync toggle and last sync. */
export default async function ConnectWiseMappingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const context = await requirePageContext();
  const query = mappingTableQuerySchema.parse(await searchParams);
  const [connection, table] = await Promise.all([getConnectionView(context), getMappingTable(context, query)]);
  const connected = connection.status === "connected" || connection.status === "unhealthy";
  return (
    <div className="grid gap-4">
      <div>
        <h2 className="text-lg font-semibold">Organization mappings</h2>
        <p className="text-muted-foreground text-sm">
          Map each organization to its ConnectWise company and agreement, then turn sync on: its usage is written as
          additions on that agreement every hour.
        </p>
      </div>
      {!connected ? (
        <div className="text-muted-foreground rounded-lg border border-dashed p-6 text-center text-sm" role="status">
          <p>
            ConnectWise Manage is not connected, so companies cannot be looked up and nothing syncs. Existing mappings
            are kept.
          </p>
          <Link className="text-primary underline" href="/settings/integrations">
            Connect it in Settings › Integrations
          </Link>
        </div>
      ) : null}
      <MappingTable
        rows={table.rows}
        total={table.total}
        counts={table.counts}
        query={query}
        directory={table.directory}
        canWrite={roleAllows(context.role, "admin") && connected}
      />
    </div>
  );
}
