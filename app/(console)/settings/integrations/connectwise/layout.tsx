import Link from "next/link";
import { ChevronLeft } from "lucide-react";
import { ConnectionStatusBadge } from "@/components/integrations/connection-status";
import { ConnectWiseTabs } from "@/components/integrations/connectwise-tabs";
import { requirePageContext } from "@/lib/auth/session";
import { getConnectionView } from "@/lib/read-models/connection";

export default async function ConnectWiseLayout({ children }: { children: React.ReactNode }) {
  const context = await requirePageContext();
  const connection = await getConnectionView(context);
  return (
    <div className="grid gap-6">
      <div className="grid gap-2">
        <Link
          href="/settings/integrations"
          className="text-muted-foreground hover:text-foreground inline-flex items-center gap-1 text-sm"
        >
          <ChevronLeft className="size-4" aria-hidden />
          Integrations
        </Link>
        <div className="flex items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">ConnectWise Manage</h1>
          <ConnectionStatusBadge status={connection.status} />
        </div>
        {connection.status === "unhealthy" && connection.statusReason ? (
          <p className="text-destructive text-sm" role="status">
            The connection is unhealthy: {connection.statusReason}
          </p>
        ) : null}
      </div>
      <ConnectWiseTabs />
      {children}
    </div>
  );
}
