import { Badge } from "@/components/ui/badge";
import type { ConnectionView } from "@/lib/read-models/connection";

const labels: Record<
  ConnectionView["status"],
  { text: string; variant: "success" | "destructive" | "secondary" | "outline" }
> = {
  connected: { text: "Connected", variant: "success" },
  unhealthy: { text: "Unhealthy", variant: "destructive" },
  disconnected: { text: "Disconnected", variant: "secondary" },
  "not-connected": { text: "Not connected", variant: "outline" },
};

export function ConnectionStatusBadge({ status }: { status: ConnectionView["status"] }) {
  const label = labels[status];
  return <Badge variant={label.variant}>{label.text}</Badge>;
}
