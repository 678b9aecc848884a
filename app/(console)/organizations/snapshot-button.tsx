"use client";

import { useTransition } from "react";
import { Camera, Loader2 } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { snapshotUsage } from "@/lib/server-actions/usage";

export function SnapshotUsageButton({ canWrite }: { canWrite: boolean }) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={!canWrite || pending}
      title={canWrite ? "Record today's usage into the usage history now" : "Viewers can't change anything"}
      onClick={() =>
        startTransition(async () => {
          const result = await snapshotUsage();
          if (result.ok) toast.success(`Usage history recorded for ${result.data.day} (${result.data.rows} rows).`);
          else toast.error(result.error);
        })
      }
    >
      {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Camera aria-hidden />}
      Record usage snapshot
    </Button>
  );
}
