import Link from "next/link";
import { AlertCircle, CheckCircle2, Clock, Loader2 } from "lucide-react";
import { formatDateTime } from "@/lib/format";

export type RunState = "queued" | "running" | "succeeded" | "failed" | null;

const labels: Record<Exclude<RunState, null>, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
};

/** The "last sync" cell: state and time, linking to the organization's run details. */
export function LastSyncCell({
  organizationId,
  state,
  at,
  message,
}: {
  organizationId: string;
  state: RunState;
  at: string | null;
  message: string | null;
}) {
  if (!state) return <span className="text-muted-foreground text-sm">Never</span>;
  const icon =
    state === "running" ? (
      <Loader2 className="size-4 animate-spin" aria-hidden />
    ) : state === "queued" ? (
      <Clock className="size-4" aria-hidden />
    ) : state === "failed" ? (
      <AlertCircle className="text-destructive size-4" aria-hidden />
    ) : (
      <CheckCircle2 className="text-success size-4" aria-hidden />
    );
  return (
    <Link
      href={`/settings/integrations/connectwise/organizations/${organizationId}`}
      className="hover:bg-accent focus-visible:ring-ring/50 -mx-1 grid rounded px-1 py-0.5 text-sm outline-none focus-visible:ring-[3px]"
      title={message ?? undefined}
      aria-label={`Last sync ${labels[state].toLowerCase()}${at ? ` ${formatDateTime(at)}` : ""}${message ? `: ${message}` : ""}. Open the run details.`}
    >
      <span className={`flex items-center gap-1.5 ${state === "failed" ? "text-destructive" : ""}`} aria-live="polite">
        {icon}
        {labels[state]}
      </span>
      {at ? <span className="text-muted-foreground text-xs">{formatDateTime(at)}</span> : null}
      {state === "failed" && message ? (
        <span className="text-destructive line-clamp-1 max-w-48 text-xs">{message}</span>
      ) : null}
    </Link>
  );
}
