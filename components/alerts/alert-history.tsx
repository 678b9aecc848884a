import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import type { AlertSettingsView } from "@/lib/read-models/alert-settings";

/** The latest alerts, open first in time order. */
export function RecentAlerts({ alerts }: { alerts: AlertSettingsView["alerts"] }) {
  if (alerts.length === 0) {
    return <p className="text-muted-foreground text-sm">No alerts so far: billing has run without a problem.</p>;
  }
  return (
    <div className="overflow-x-auto">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>State</TableHead>
            <TableHead>Rule</TableHead>
            <TableHead>Subject</TableHead>
            <TableHead>What happened</TableHead>
            <TableHead>Opened</TableHead>
            <TableHead>Resolved</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {alerts.map((alert) => (
            <TableRow key={alert.id}>
              <TableCell>
                <Badge variant={alert.state === "open" ? "warning" : "success"}>
                  {alert.state === "open" ? "Open" : "Resolved"}
                </Badge>
              </TableCell>
              <TableCell className="whitespace-nowrap">{alert.ruleLabel}</TableCell>
              <TableCell>{alert.subject}</TableCell>
              <TableCell className="max-w-md text-sm whitespace-normal">{alert.message}</TableCell>
              <TableCell className="whitespace-nowrap">{formatDateTime(alert.openedAt)}</TableCell>
              <TableCell className="whitespace-nowrap">
                {alert.resolvedAt ? formatDateTime(alert.resolvedAt) : "—"}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

const eventLabels: Record<string, string> = {
  "alert.opened": "Alert",
  "alert.resolved": "Resolved",
  digest: "Digest",
  test: "Test event",
};

/** Every message sent to a channel, with its outcome and the receiver's response code. */
export function DeliveryLog({ deliveries }: { deliveries: AlertSettingsView["deliveries"] }) {
  if (deliveries.length === 0) {
    return (
      <p className="text-muted-foreground text-sm">Nothing sent yet. &ldquo;Send test event&rdquo; tries a channel.</p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>When</TableHead>
            <TableHead>Channel</TableHead>
            <TableHead>Event</TableHead>
            <TableHead>Outcome</TableHead>
            <TableHead>Response</TableHead>
            <TableHead>Attempts</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {deliveries.map((delivery) => (
            <TableRow key={delivery.id}>
              <TableCell className="whitespace-nowrap">
                {formatDateTime(delivery.lastAttemptAt ?? delivery.createdAt)}
              </TableCell>
              <TableCell>{delivery.channelName}</TableCell>
              <TableCell>
                {eventLabels[delivery.eventType] ?? delivery.eventType}
                {delivery.ruleLabel ? ` · ${delivery.ruleLabel}` : ""}
                {delivery.subject ? ` · ${delivery.subject}` : ""}
              </TableCell>
              <TableCell>
                <Badge
                  variant={
                    delivery.state === "delivered"
                      ? "success"
                      : delivery.state === "failed"
                        ? "destructive"
                        : "secondary"
                  }
                >
                  {delivery.state === "delivered" ? "Delivered" : delivery.state === "failed" ? "Failed" : "Retrying"}
                </Badge>
                {delivery.error ? (
                  <p className="text-muted-foreground mt-1 max-w-sm text-xs whitespace-normal">{delivery.error}</p>
                ) : null}
              </TableCell>
              <TableCell>{delivery.responseStatus ?? "—"}</TableCell>
              <TableCell>{delivery.attempts}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
