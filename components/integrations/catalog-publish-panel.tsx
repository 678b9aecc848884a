"use client";

import { useEffect, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Loader2, UploadCloud } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { formatDateTime, plural } from "@/lib/format";
import type { CatalogRunView } from "@/lib/read-models/catalog";
import { publishCatalog } from "@/lib/server-actions/catalog";

const triggerLabels: Record<CatalogRunView["trigger"], string> = {
  apply: "after Apply",
  settings: "after a settings change",
  manual: "Publish now",
  "catalog-change": "after a vendor catalog change",
  schedule: "daily",
};

function describeSummary(summary: Record<string, number>): string {
  const parts = [
    ["created", "created"],
    ["adopted", "adopted"],
    ["updated", "updated"],
    ["deactivated", "marked inactive"],
    ["unchanged", "unchanged"],
    ["failed", "failed"],
    ["blocked", "blocked"],
  ]
    .filter(([key]) => (summary[key] ?? 0) > 0)
    .map(([key, label]) => `${summary[key]} ${label}`);
  return parts.length > 0 ? parts.join(", ") : "nothing to publish";
}

/**
 * The last publish, the one in progress (refreshing the page every 1.5 s while it is queued or
 * running), and "Publish now" for owners and admins.
 */
export function CatalogPublishPanel({
  latestRun,
  lastFinishedRun,
  active,
  canPublish,
}: {
  latestRun: CatalogRunView | null;
  lastFinishedRun: CatalogRunView | null;
  active: boolean;
  canPublish: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), 1500);
    return () => clearInterval(timer);
  }, [active, router]);

  function publish() {
    startTransition(async () => {
      const result = await publishCatalog();
      if (result.ok) toast.success(result.data.message);
      else toast.error(result.error);
      router.refresh();
    });
  }

  const running = latestRun?.state === "running";
  const percent = running && latestRun.total > 0 ? Math.round((latestRun.processed / latestRun.total) * 100) : null;
  return (
    <div className="grid gap-4 text-sm">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1" aria-live="polite">
          {active && latestRun ? (
            <p className="flex items-center gap-2 font-medium">
              <Loader2 className="size-4 animate-spin" aria-hidden />
              {running
                ? latestRun.total > 0
                  ? `Publishing… ${latestRun.processed} of ${latestRun.total} products`
                  : "Publishing… looking the products up in ConnectWise"
                : latestRun.error
                  ? `Queued to run again. ${latestRun.error}`
                  : `Queued (${triggerLabels[latestRun.trigger]}), waiting for a worker…`}
            </p>
          ) : null}
          {lastFinishedRun ? (
            <p>
              <span className="text-muted-foreground">Last publish: </span>
              {lastFinishedRun.finishedAt ? formatDateTime(lastFinishedRun.finishedAt) : "—"} (
              {triggerLabels[lastFinishedRun.trigger]}) ·{" "}
              {lastFinishedRun.state === "failed" ? (
                <span className="text-destructive">failed: {lastFinishedRun.error}</span>
              ) : (
                <>
                  {describeSummary(lastFinishedRun.summary)} · {lastFinishedRun.apiCalls} ConnectWise{" "}
                  {plural(lastFinishedRun.apiCalls, "call")}
                </>
              )}
            </p>
          ) : !active ? (
            <p className="text-muted-foreground">The catalog has not been published yet.</p>
          ) : null}
          {latestRun?.state === "interrupted" ? (
            <p className="text-destructive">
              The last publish was interrupted or never started (is a job worker running?). Publish again.
            </p>
          ) : null}
        </div>
        {canPublish ? (
          <Button onClick={publish} disabled={pending || running} aria-describedby="publish-help">
            {pending || running ? <Loader2 className="animate-spin" aria-hidden /> : <UploadCloud aria-hidden />}
            {running ? "Publishing…" : "Publish now"}
          </Button>
        ) : (
          <p className="text-muted-foreground text-xs" id="publish-help">
            Only owners and admins can publish.
          </p>
        )}
      </div>
      {percent !== null ? (
        <div
          className="bg-muted h-2 w-full overflow-hidden rounded-full"
          role="progressbar"
          aria-label="Catalog publish progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
        >
          <div className="bg-primary h-full transition-all" style={{ width: `${percent}%` }} />
        </div>
      ) : null}
      {canPublish ? (
        <p className="text-muted-foreground text-xs" id="publish-help">
          Publishing looks every product up in ConnectWise with one request and writes only what changed.
        </p>
      ) : null}
    </div>
  );
}
