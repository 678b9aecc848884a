import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PermissionChecklist } from "@/components/integrations/permission-checklist";
import { RecheckButton } from "@/components/integrations/recheck-button";
import { requirePageContext } from "@/lib/auth/session";
import { roleAllows } from "@/lib/auth/roles";
import { formatDateTime } from "@/lib/format";
import { getConnectionView } from "@/lib/read-models/connection";

export const metadata: Metadata = { title: "ConnectWise Manage" };

export default async function ManageConnectWisePage() {
  const context = await requirePageContext();
  const connection = await getConnectionView(context);
  const active = connection.status === "connected" || connection.status === "unhealthy";
  return (
    <div className="grid max-w-4xl gap-6">
      {!active ? (
        <div className="text-muted-foreground rounded-lg border border-dashed p-10 text-center" role="status">
          <p>ConnectWise Manage is not connected.</p>
          <Link className="text-primary underline" href="/settings/integrations">
            Connect it in Settings › Integrations
          </Link>
        </div>
      ) : (
        <Card>
          <CardHeader className="flex flex-row items-start justify-between gap-4">
            <div className="grid gap-1.5">
              <CardTitle>Connection</CardTitle>
              <CardDescription>
                {connection.siteUrl} · company {connection.companyId}
                {connection.companyName ? ` (${connection.companyName})` : ""}
              </CardDescription>
            </div>
            {roleAllows(context.role, "admin") ? <RecheckButton /> : null}
          </CardHeader>
          <CardContent className="grid gap-4 text-sm">
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
              <dt className="text-muted-foreground">Connected since</dt>
              <dd>{connection.connectedAt ? formatDateTime(connection.connectedAt) : "—"}</dd>
              <dt className="text-muted-foreground">Last checked</dt>
              <dd>{connection.lastCheckedAt ? formatDateTime(connection.lastCheckedAt) : "—"}</dd>
              {connection.status === "unhealthy" ? (
                <>
                  <dt className="text-muted-foreground">Problem</dt>
                  <dd className="text-destructive">{connection.statusReason}</dd>
                </>
              ) : null}
            </dl>
            <div className="grid gap-2">
              <h2 className="font-medium">API member permissions</h2>
              <PermissionChecklist permissions={connection.permissionResults} />
            </div>
          </CardContent>
        </Card>
      )}
    </div>
  );
}
