"use client";

import { useTransition } from "react";
import { Download, Loader2 } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/define-action";

/**
 * "Export CSV": asks the server action for the file and hands it to the browser as a download; a
 * refusal is shown as a toast, and `exported` (when given) says what was exported.
 */
export function CsvExportButton<Data extends { csv: string; filename: string }>({
  exportCsv,
  exported,
  size,
}: {
  exportCsv: () => Promise<ActionResult<Data>>;
  exported?: (data: Data) => string;
  size?: "sm";
}) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="outline"
      size={size}
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await exportCsv();
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
          if (exported) toast.success(exported(result.data));
        })
      }
    >
      {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Download aria-hidden />}
      Export CSV
    </Button>
  );
}
