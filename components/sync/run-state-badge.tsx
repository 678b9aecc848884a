import { CheckCircle2, CircleDashed, Loader2, XCircle } from "lucide-react";
import { Badge } from "@/components/ui/badge";

const labels = { queued: "Queued", running: "Running", succeeded: "Succeeded", failed: "Failed" } as const;

/** A run's state as a badge with an icon, so it reads without relying on colour alone. */
export function RunStateBadge({ state }: { state: string | null }) {
  if (state === null) return <Badge variant="outline">Never synced</Badge>;
  const label = labels[state as keyof typeof labels] ?? state;
  switch (state) {
    case "queued":
      return (
        <Badge variant="secondary">
          <CircleDashed aria-hidden /> {label}
        </Badge>
      );
    case "running":
      return (
        <Badge variant="secondary">
          <Loader2 className="animate-spin" aria-hidden /> {label}
        </Badge>
      );
    case "succeeded":
      return (
        <Badge variant="success">
          <CheckCircle2 aria-hidden /> {label}
        </Badge>
      );
    default:
      return (
        <Badge variant="destructive">
          <XCircle aria-hidden /> {label}
        </Badge>
      );
  }
}
