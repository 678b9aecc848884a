"use client";

import { useState, useTransition } from "react";
import { Loader2 } from "lucide-react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { setMappingSync } from "@/lib/server-actions/mappings";

/**
 * Turning sync off asks what happens to the additions Billbridge already wrote: leave them, or
 * cancel them in ConnectWise. Used per row and for the bulk action.
 */
export function TurnOffSyncDialog({
  open,
  onOpenChange,
  organizationIds,
  description,
  onDone,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  organizationIds: string[];
  description: string;
  onDone?: () => void;
}) {
  const [pending, startTransition] = useTransition();
  const [choice, setChoice] = useState<"leave" | "cancel" | null>(null);
  function turnOff(additions: "leave" | "cancel") {
    setChoice(additions);
    startTransition(async () => {
      const result = await setMappingSync({ organizationIds, enabled: false, additions });
      if (result.ok) {
        if (result.data.failures && result.data.failures.length > 0) toast.warning(result.data.message);
        else toast.success(result.data.message);
        onOpenChange(false);
        onDone?.();
      } else toast.error(result.error);
    });
  }
  return (
    <AlertDialog open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Turn sync off?</AlertDialogTitle>
          <AlertDialogDescription>
            {description} Billbridge stops updating the agreement. What should happen to the additions it already wrote?
            Other additions are never touched.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Keep sync on</AlertDialogCancel>
          <Button variant="outline" disabled={pending} onClick={() => turnOff("leave")}>
            {pending && choice === "leave" ? <Loader2 className="animate-spin" aria-hidden /> : null}
            Leave the additions
          </Button>
          <Button variant="destructive" disabled={pending} onClick={() => turnOff("cancel")}>
            {pending && choice === "cancel" ? <Loader2 className="animate-spin" aria-hidden /> : null}
            Cancel the additions
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

export function SyncToggle({
  organizationId,
  organizationName,
  agreementName,
  enabled,
  complete,
  canWrite,
}: {
  organizationId: string;
  organizationName: string;
  agreementName: string | null;
  enabled: boolean;
  complete: boolean;
  canWrite: boolean;
}) {
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const label = `Sync ${organizationName}`;
  const reason = !canWrite
    ? "Only an owner or admin can change sync"
    : !complete
      ? "Choose a company and an agreement first"
      : undefined;
  return (
    <>
      <div className="flex items-center gap-2" title={reason}>
        <Switch
          checked={enabled}
          disabled={!canWrite || pending || (!enabled && !complete)}
          aria-label={label}
          aria-describedby={reason ? `sync-reason-${organizationId}` : undefined}
          onCheckedChange={(checked) => {
            if (!checked) {
              setConfirming(true);
              return;
            }
            startTransition(async () => {
              const result = await setMappingSync({ organizationIds: [organizationId], enabled: true });
              if (result.ok) toast.success(result.data.message);
              else toast.error(result.error);
            });
          }}
        />
        {pending ? <Loader2 className="text-muted-foreground size-4 animate-spin" aria-label="Saving" /> : null}
        {reason ? (
          <span id={`sync-reason-${organizationId}`} className="sr-only">
            {reason}
          </span>
        ) : null}
      </div>
      <TurnOffSyncDialog
        open={confirming}
        onOpenChange={setConfirming}
        organizationIds={[organizationId]}
        description={`${organizationName} is synced to the agreement ${agreementName ?? ""}.`}
      />
    </>
  );
}
