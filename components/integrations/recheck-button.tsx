"use client";

import { useTransition } from "react";
import { Loader2, RefreshCw } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { recheckConnectWise } from "@/lib/server-actions/connectwise";

export function RecheckButton() {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await recheckConnectWise();
          if (!result.ok) toast.error(result.error);
          else if (result.data.healthy) toast.success(result.data.message);
          else toast.error(result.data.message);
        })
      }
    >
      {pending ? <Loader2 className="animate-spin" aria-hidden /> : <RefreshCw aria-hidden />}
      {pending ? "Checking…" : "Check again"}
    </Button>
  );
}
