import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import type { ReportSettingsView } from "@/lib/read-models/report-settings";

const stateBadges = {
  sent: { label: "Sent", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
  sending: { label: "Sending", variant: "secondary" },
} as const;

/** Every report email: the month, who sent it, to whom and how it went. */
export function ReportDeliveryLog({ deliveries }: { deliveries: ReportSettingsView["deliveries"] }) {
  if (deliveries.length === 0) {
    return <p className="text-muted-foreground text-sm">No report email sent yet.</p>;
  }
  return (
    <div className="overflow-x-auto">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Month</TableHead>
            <TableHead>Sent by</TableHead>
            <TableHead>Recipients</TableHead>
            <TableHead>Outcome</TableHead>
            <TableHead>When</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {deliveries.map((delivery) => {
            const badge = stateBadges[delivery.state];
            return (
              <TableRow key={delivery.id}>
                <TableCell className="tabular-nums">{delivery.month}</TableCell>
                <TableCell>{delivery.trigger === "schedule" ? "Schedule" : "Send now"}</TableCell>
                <TableCell className="max-w-sm text-sm whitespace-normal">{delivery.recipients.join(", ")}</TableCell>
                <TableCell className="max-w-sm text-sm whitespace-normal">
                  <Badge variant={badge.variant}>{badge.label}</Badge>
                  {delivery.error ? <span className="text-muted-foreground ml-2">{delivery.error}</span> : null}
                </TableCell>
                <TableCell className="whitespace-nowrap">{formatDateTime(delivery.at)}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
