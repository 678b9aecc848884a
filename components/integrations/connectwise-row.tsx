"use client";

import { useMemo, useState, useTransition } from "react";
import Link from "next/link";
import { Loader2, Plug, Settings2, Unplug, Pencil } from "lucide-react";
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
import { Button } from "@/components/ui/button";
import { ConnectionStatusBadge } from "@/components/integrations/connection-status";
import { ConnectWiseSetupDialog } from "@/components/integrations/connectwise-setup-dialog";
import type { ConnectionView } from "@/lib/read-models/connection";
import type { DemoSandboxInfo } from "@/lib/runtime/demo-sandbox";
import { disconnectConnectWise } from "@/lib/server-actions/connectwise";
import { formatDateTime } from "@/lib/format";

export function ConnectWiseRow({
  connection,
  canWrite,
  demoSandbox,
}: {
  connection: ConnectionView;
  canWrite: boolean;
  demoSandbox: DemoSandboxInfo | null;
}) {
  const [dialog, setDialog] = useState<"add" | "edit" | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [disconnecting, startDisconnecting] = useTransition();
  const active = connection.status === "connected" || connection.status === "unhealthy";
  const initial = useMemo(
    () =>
      dialog === "edit"
        ? {
            site: connection.siteUrl ?? "",
            companyId: connection.companyId ?? "",
            publicKey: connection.publicKey ?? "",
            privateKey: "",
          }
        : { site: connection.siteUrl ?? "", companyId: connection.companyId ?? "", publicKey: "", privateKey: "" },
    [dialog, connection.siteUrl, connection.companyId, connection.publicKey],
  );

  function disconnect() {
    startDisconnecting(async () => {
      const result = await disconnectConnectWise({ confirm: true });
      setConfirming(false);
      if (result.ok) toast.success(result.data.message);
      else toast.error(result.error);
    });
  }

  return (
    <div className="flex flex-wrap items-center justify-between gap-4 p-4" data-testid="connectwise-row">
      <div className="grid gap-1">
        <div className="flex items-center gap-2">
          <span className="font-medium">ConnectWise Manage</span>
          <ConnectionStatusBadge status={connection.status} />
        </div>
        <p className="text-muted-foreground text-sm" data-testid="connectwise-state">
          {active ? (
            <>
              Connected to {connection.siteUrl?.replace(/^https?:\/\//, "")} as company {connection.companyId}
              {connection.companyName ? ` (${connection.companyName})` : ""}
              {connection.connectedAt ? ` since ${formatDateTime(connection.connectedAt)}` : ""}
            </>
          ) : connection.status === "disconnected" ? (
            "Disconnected. Syncing is stopped; mappings and history are kept. Add it again to resume."
          ) : (
            "Not connected. Connect it to publish the product catalog and bill usage through agreements."
          )}
        </p>
        {connection.status === "unhealthy" && connection.statusReason ? (
          <p className="text-destructive text-sm" role="status">
            Unhealthy: {connection.statusReason}
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2">
        {active ? (
          <>
            <Button asChild variant="default" size="sm">
              <Link href="/settings/integrations/connectwise">
                <Settings2 aria-hidden />
                Manage
              </Link>
            </Button>
            {canWrite ? (
              <>
                <Button variant="outline" size="sm" onClick={() => setDialog("edit")}>
                  <Pencil aria-hidden />
                  Edit
                </Button>
                <Button variant="outline" size="sm" onClick={() => setConfirming(true)}>
                  <Unplug aria-hidden />
                  Disconnect
                </Button>
              </>
            ) : null}
          </>
        ) : canWrite ? (
          <Button size="sm" onClick={() => setDialog("add")}>
            <Plug aria-hidden />
            Add
          </Button>
        ) : (
          <span className="text-muted-foreground text-sm">An owner or admin can connect it.</span>
        )}
      </div>
      <ConnectWiseSetupDialog
        open={dialog !== null}
        onOpenChange={(open) => !open && setDialog(null)}
        mode={dialog ?? "add"}
        initial={initial}
        demoSandbox={demoSandbox}
      />
      <AlertDialog open={confirming} onOpenChange={(open) => !disconnecting && setConfirming(open)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Disconnect ConnectWise Manage?</AlertDialogTitle>
            <AlertDialogDescription>
              All syncing stops at once and the saved API keys are deleted. Mappings, sync history and the additions
              already in ConnectWise stay as they are.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel disabled={disconnecting}>Cancel</AlertDialogCancel>
            <AlertDialogAction
              onClick={(event) => {
                event.preventDefault();
                disconnect();
              }}
              disabled={disconnecting}
              className="bg-destructive hover:bg-destructive/90 text-white"
            >
              {disconnecting ? <Loader2 className="animate-spin" aria-hidden /> : null}
              Disconnect
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
