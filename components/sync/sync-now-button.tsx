"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { Loader2, RefreshCw } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { syncNow } from "@/lib/server-actions/sync";

/** "Sync now" for one mapping: queues a run at once (joining one already queued) and refreshes the page either way. */
export function SyncNowButton({
  mappingId,
  disabled,
  disabledReason,
}: {
  mappingId: string;
  disabled?: boolean;
  disabledReason?: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  function syncNowClicked() {
    startTransition(async () => {
      const result = await syncNow({ mappingIds: [mappingId] });
      const refused = result.ok ? result.data.refused[0] : { error: result.error };
      if (refused) toast.error(refused.error);
      else
        toast.success(
          result.ok && result.data.queued[0]?.deduplicated
            ? "A sync was already queued; it will pick up the latest usage."
            : "Sync queued.",
        );
      // Refused too: the page then shows the run that is already waiting or running.
      router.refresh();
    });
  }
  return (
    <Button
      onClick={syncNowClicked}
      disabled={disabled || pending}
      title={disabled ? disabledReason : undefined}
      aria-describedby={disabled && disabledReason ? "sync-now-disabled" : undefined}
    >
      {pending ? <Loader2 className="animate-spin" aria-hidden /> : <RefreshCw aria-hidden />}
      Sync now
      {disabled && disabledReason ? (
        <span id="sync-now-disabled" className="sr-only">
          {disabledReason}
        </span>
      ) : null}
    </Button>
  );
}
