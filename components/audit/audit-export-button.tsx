"use client";

import { useTransition } from "react";
import { Download, Loader2 } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { plural } from "@/lib/format";
import { exportAuditCsv } from "@/lib/server-actions/audit";

/** Downloads the audit log with the page's current filters as CSV. */
export function AuditExportButton({ filters }: { filters: Record<string, string | undefined> }) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="outline"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await exportAuditCsv(filters);
          if (!result.ok) {
            toast.error(result.error);
            return;
          }
          const url = URL.createObjectURL(new Blob([result.data.csv], { type: "text/csv;charset=utf-8" }));
          const link = document.createElement("a");
          link.href = url;
          link.download = result.data.filename;
          link.click();
          URL.revokeObjectURL(url);
          toast.success(`Exported ${result.data.rows} ${plural(result.data.rows, "event")}.`);
        })
      }
    >
      {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Download aria-hidden />}
      Export CSV
    </Button>
  );
}
