"use client";

import { useTransition } from "react";
import { Loader2, RefreshCw } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/lib/format";
import type { DirectoryView } from "@/lib/read-models/mapping-table";
import { refreshDirectory } from "@/lib/server-actions/mappings";

/** "Refresh from ConnectWise": queues a directory refresh and shows its progress and the last refresh time. */
export function DirectoryRefreshButton({
  directory,
  canWrite,
  onQueued,
}: {
  directory: DirectoryView;
  canWrite: boolean;
  onQueued: () => void;
}) {
  const [pending, startTransition] = useTransition();
  const busy = directory.state === "queued" || directory.state === "running";
  let status: string;
  if (directory.state === "queued") status = "Refresh queued…";
  else if (directory.state === "running") {
    status =
      directory.agreementsRead > 0
        ? `Reading agreements… ${directory.agreementsRead.toLocaleString("en-US")}`
        : `Reading companies… ${directory.companiesRead.toLocaleString("en-US")}`;
  } else if (directory.lastSucceededAt)
    status = `${directory.companies.toLocaleString("en-US")} companies · refreshed ${formatDateTime(directory.lastSucceededAt)}`;
  else
    status =
      directory.companies > 0 ? `${directory.companies.toLocaleString("en-US")} companies` : "Directory not loaded yet";

  return (
    <div className="flex flex-wrap items-center gap-2">
      <p className="text-muted-foreground text-sm" role="status" aria-live="polite">
        {status}
        {directory.state === "failed" && directory.lastError ? (
          <span className="text-destructive block">Last refresh failed: {directory.lastError}</span>
        ) : null}
      </p>
      {canWrite ? (
        <Button
          variant="outline"
          size="sm"
          disabled={busy || pending}
          onClick={() =>
            startTransition(async () => {
              const result = await refreshDirectory();
              if (!result.ok) toast.error(result.error);
              else {
                if (!result.data.queued) toast.info("A refresh is already under way.");
                onQueued();
              }
            })
          }
        >
          {busy || pending ? <Loader2 className="animate-spin" aria-hidden /> : <RefreshCw aria-hidden />}
          Refresh from ConnectWise
        </Button>
      ) : null}
    </div>
  );
}
