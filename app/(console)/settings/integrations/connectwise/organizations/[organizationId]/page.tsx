import Link from "next/link";
import { notFound } from "next/navigation";
import { ChevronLeft } from "lucide-react";
import { ChangeList } from "@/components/sync/change-list";
import { LiveRefresh } from "@/components/sync/live-refresh";
import { PreviewPanel } from "@/components/sync/preview-panel";
import { RunStateBadge } from "@/components/sync/run-state-badge";
import { SyncNowButton } from "@/components/sync/sync-now-button";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePageContext } from "@/lib/auth/session";
import { roleAllows } from "@/lib/auth/roles";
import { formatDateTime, plural } from "@/lib/format";
import { getOrganizationSyncView, type RunView } from "@/lib/read-models/organization-sync";

const triggerLabels: Record<string, string> = {
  schedule: "Hourly",
  manual: "Sync now",
  bulk: "Sync all",
  enable: "Sync turned on",
  disable: "Sync turned off",
  preview: "Preview",
};

function describeSummary(run: RunView): string {
  const labels: [string, string][] = [
    ["create", "created"],
    ["update", "updated"],
    ["cancel", "cancelled"],
    ["zero", "set to 0"],
    ["conflict", "in conflict"],
    ["drift", "drift kept"],
  ];
  const parts = labels
    .filter(([key]) => (run.summary[key] ?? 0) > 0)
    .map(([key, label]) => `${run.summary[key]} ${label}`);
  if (run.state === "queued" || run.state === "running") return run.error ?? "";
  return parts.length > 0 ? parts.join(", ") : "No changes needed";
}

export default async function OrganizationSyncPage({ params }: { params: Promise<{ organizationId: string }> }) {
  const { organizationId } = await params;
  const context = await requirePageContext();
  const view = await getOrganizationSyncView(context, { organizationId });
  if (!view) notFound();
  const canWrite = roleAllows(context.role, "admin");
  const { mapping } = view;
  const connectionWorks = view.connectionStatus === "connected" || view.connectionStatus === "unhealthy";
  const syncBlockedReason = !connectionWorks
    ? "Connect ConnectWise first."
    : !mapping?.agreementId
      ? "Choose a company and agreement first."
      : !mapping.syncEnabled
        ? "Turn sync on for this organization first."
        : undefined;

  return (
    <div className="grid max-w-6xl gap-6">
      <LiveRefresh active={view.active} />
      <div className="grid gap-2">
        <Link
          href="/settings/integrations/connectwise"
          className="text-muted-foreground hover:text-foreground inline-flex items-center gap-1 text-sm"
        >
          <ChevronLeft className="size-4" aria-hidden />
          All organizations
        </Link>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 className="text-xl font-semibold">{view.organization.name}</h2>
            <p className="text-muted-foreground text-sm">Usage sync history and preview</p>
          </div>
          {mapping && canWrite ? (
            <SyncNowButton
              mappingId={mapping.id}
              disabled={syncBlockedReason !== undefined}
              disabledReason={syncBlockedReason}
            />
          ) : null}
        </div>
      </div>

      {view.connectionStatus === "unhealthy" ? (
        <Alert variant="destructive">
          <AlertTitle>The ConnectWise connection is unhealthy</AlertTitle>
          <AlertDescription>
            {view.connectionReason ?? "Check the connection in the Connection tab."} Syncs fail until it is fixed.
          </AlertDescription>
        </Alert>
      ) : null}

      {!mapping ? (
        <Card>
          <CardHeader>
            <CardTitle>Not mapped yet</CardTitle>
            <CardDescription>
              Choose a ConnectWise company and agreement for {view.organization.name} in the mapping table; its usage is
              then written to that agreement every hour.
            </CardDescription>
          </CardHeader>
        </Card>
      ) : (
        <>
          <Card>
            <CardHeader>
              <CardTitle>Mapping</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
                <dt className="text-muted-foreground">Company</dt>
                <dd>{mapping.companyName ?? "Not chosen"}</dd>
                <dt className="text-muted-foreground">Agreement</dt>
                <dd>{mapping.agreementName ? `${mapping.agreementName} (#${mapping.agreementId})` : "Not chosen"}</dd>
                <dt className="text-muted-foreground">Sync</dt>
                <dd>{mapping.syncEnabled ? "On, every hour" : "Off"}</dd>
                <dt className="text-muted-foreground">Last run</dt>
                <dd className="flex flex-wrap items-center gap-2">
                  <RunStateBadge state={mapping.lastRunState} />
                  {mapping.lastRunAt ? <span>{formatDateTime(mapping.lastRunAt)}</span> : null}
                  {mapping.lastRunMessage ? (
                    <span className={mapping.lastRunState === "failed" ? "text-destructive" : "text-muted-foreground"}>
                      {mapping.lastRunMessage}
                    </span>
                  ) : null}
                </dd>
                {mapping.syncEnabled && mapping.nextDueAt ? (
                  <>
                    <dt className="text-muted-foreground">Next hourly run</dt>
                    <dd>{formatDateTime(mapping.nextDueAt)}</dd>
                  </>
                ) : null}
              </dl>
            </CardContent>
          </Card>

          {mapping.agreementId && connectionWorks ? (
            <Card>
              <CardContent className="pt-6">
                <PreviewPanel mappingId={mapping.id} />
              </CardContent>
            </Card>
          ) : null}

          <section aria-labelledby="history-heading" className="grid gap-3">
            <h2 id="history-heading" className="text-lg font-semibold">
              Run history
            </h2>
            {view.runs.length === 0 ? (
              <p className="text-muted-foreground text-sm">
                No runs yet.{" "}
                {mapping.syncEnabled
                  ? "The first hourly run will appear here, or press Sync now."
                  : "Turn sync on to start."}
              </p>
            ) : (
              view.runs.map((run) => (
                <Card key={run.id}>
                  <CardHeader>
                    <div className="flex flex-wrap items-center gap-2">
                      <RunStateBadge state={run.state} />
                      <CardTitle className="text-base">
                        {triggerLabels[run.trigger] ?? run.trigger} · {formatDateTime(run.startedAt ?? run.queuedAt)}
                      </CardTitle>
                    </div>
                    <CardDescription>
                      {describeSummary(run)}
                      {run.finishedAt && run.startedAt
                        ? ` · ${Math.max(0, Math.round((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 100) / 10)} s`
                        : ""}
                      {run.apiCalls.length > 0
                        ? ` · ${run.apiCalls.length} ConnectWise ${plural(run.apiCalls.length, "call")}`
                        : ""}
                      {run.attempt > 1 ? ` · attempt ${run.attempt}` : ""}
                    </CardDescription>
                  </CardHeader>
                  <CardContent className="grid gap-3">
                    {run.state === "failed" && run.error ? (
                      <Alert variant="destructive">
                        <AlertTitle>What to fix</AlertTitle>
                        <AlertDescription>{run.error}</AlertDescription>
                      </Alert>
                    ) : null}
                    {run.changes.length > 0 ? (
                      <ChangeList
                        lines={run.changes}
                        caption={`Changes of the run at ${formatDateTime(run.startedAt ?? run.queuedAt)}`}
                      />
                    ) : null}
                    {run.apiCalls.length > 0 ? (
                      <details className="text-sm">
                        <summary className="text-muted-foreground cursor-pointer">ConnectWise calls</summary>
                        <ol className="mt-2 grid gap-1 font-mono text-xs">
                          {run.apiCalls.map((call, index) => (
                            <li key={index}>
                              {call.method} {call.path} → {call.status ?? "no answer"} ({call.durationMs} ms)
                            </li>
                          ))}
                        </ol>
                      </details>
                    ) : null}
                  </CardContent>
                </Card>
              ))
            )}
          </section>
        </>
      )}
    </div>
  );
}
