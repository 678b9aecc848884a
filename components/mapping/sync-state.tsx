import Link from "next/link";
import { AlertCircle, CheckCircle2, Clock, Loader2 } from "lucide-react";
import type { DriftCorrection } from "@/db/queries/sync";
import { formatDateTime } from "@/lib/format";

export type RunState = "queued" | "running" | "succeeded" | "failed" | null;

const labels: Record<Exclude<RunState, null>, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
};

function describeCorrection(correction: DriftCorrection): string {
  const now = correction.writtenNow === null ? "cancelled it" : `set it back to ${correction.writtenNow}`;
  return `${correction.productName}: changed by hand in ConnectWise from ${correction.lastWritten} to ${correction.found}; Billbridge ${now}`;
}

/**
 * The "last sync" cell: state and time, linking to the organization's run details. A run that
 * overwrote hand edits in ConnectWise says "drift corrected", with what changed on hover and focus.
 */
export function LastSyncCell({
  organizationId,
  state,
  at,
  message,
  driftCorrections = [],
}: {
  organizationId: string;
  state: RunState;
  at: string | null;
  message: string | null;
  driftCorrections?: DriftCorrection[];
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
  const drift = state === "succeeded" || state === "failed" ? driftCorrections : [];
  const driftText = drift.map(describeCorrection).join(". ");
  const tooltipId = `drift-${organizationId}`;
  // The name is the visible text with "Last sync" before it, so speech input can say what it sees.
  return (
    <Link
      href={`/settings/integrations/connectwise/organizations/${organizationId}`}
      className="group hover:bg-accent focus-visible:ring-ring/50 relative -mx-1 grid rounded px-1 py-0.5 text-sm outline-none focus-visible:ring-[3px]"
      title={drift.length === 0 ? (message ?? undefined) : undefined}
      aria-describedby={drift.length > 0 ? tooltipId : undefined}
      data-state={state}
      data-drift={drift.length > 0 ? "corrected" : undefined}
    >
      <span className={`flex items-center gap-1.5 ${state === "failed" ? "text-destructive" : ""}`} aria-live="polite">
        {icon}
        <span className="sr-only">Last sync </span>
        {labels[state]}
        {drift.length > 0 ? <span className="text-warning font-medium"> · drift corrected</span> : null}
      </span>
      {at ? <span className="text-muted-foreground text-xs">{formatDateTime(at)}</span> : null}
      {state === "failed" && message ? (
        <span className="text-destructive line-clamp-1 max-w-48 text-xs">{message}</span>
      ) : null}
      <span className="sr-only">. Open the run details.</span>
      {drift.length > 0 ? (
        <span
          id={tooltipId}
          role="tooltip"
          className="bg-popover text-popover-foreground absolute top-full right-0 z-20 mt-1 hidden w-72 rounded-md border p-2 text-xs shadow-md group-hover:block group-focus-visible:block"
        >
          {driftText}.
        </span>
      ) : null}
    </Link>
  );
}
