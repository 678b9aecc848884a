"use client";

import { useRef, useState, useTransition } from "react";
import { Download, Loader2, Upload } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import type { MappingImportError } from "@/lib/mapping/mapping-csv";
import { exportMappingsCsv, importMappingsCsv } from "@/lib/server-actions/mappings";

export function ExportCsvButton() {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await exportMappingsCsv();
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
        })
      }
    >
      {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Download aria-hidden />}
      Export CSV
    </Button>
  );
}

/** Import: every line is checked first; a file with any error changes nothing and lists the errors by line. */
export function ImportCsvButton() {
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<MappingImportError[]>([]);
  const [summary, setSummary] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const input = useRef<HTMLInputElement>(null);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) {
      setSummary("Choose a CSV file.");
      return;
    }
    startTransition(async () => {
      const csv = await file.text();
      const result = await importMappingsCsv({ csv });
      if (!result.ok) {
        setErrors([]);
        setSummary(result.fieldErrors?.csv ?? result.error);
        return;
      }
      setErrors(result.data.errors);
      setSummary(result.data.message);
      if (result.data.errors.length === 0) {
        toast.success(result.data.message);
        setOpen(false);
      }
    });
  }

  return (
    <>
      <Button
        variant="outline"
        size="sm"
        onClick={() => {
          setErrors([]);
          setSummary(null);
          setOpen(true);
        }}
      >
        <Upload aria-hidden />
        Import CSV
      </Button>
      <Dialog open={open} onOpenChange={(next) => !pending && setOpen(next)}>
        <DialogContent className="sm:max-w-2xl">
          <form onSubmit={submit} className="grid gap-4">
            <DialogHeader>
              <DialogTitle>Import mappings</DialogTitle>
              <DialogDescription>
                A CSV with the columns of the export: organization_id, then company_id or company_identifier, optionally
                agreement_id and sync_enabled. Every line is checked first; if any line is wrong, nothing is imported.
              </DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              <Label htmlFor="mapping-csv-file">CSV file</Label>
              <input
                ref={input}
                id="mapping-csv-file"
                type="file"
                accept=".csv,text/csv"
                className="file:bg-secondary text-sm file:mr-3 file:rounded-md file:border-0 file:px-3 file:py-1.5"
                aria-describedby="mapping-csv-result"
              />
            </div>
            <div id="mapping-csv-result" aria-live="polite">
              {summary ? (
                <p className={errors.length > 0 ? "text-destructive text-sm font-medium" : "text-sm"}>{summary}</p>
              ) : null}
              {errors.length > 0 ? (
                <ul
                  className="mt-2 max-h-64 overflow-y-auto rounded-md border p-2 text-sm"
                  aria-label="Problems by line"
                >
                  {errors.map((error, index) => (
                    <li key={index} className="py-0.5">
                      <span className="font-medium">Line {error.line}:</span> {error.message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setOpen(false)} disabled={pending}>
                Close
              </Button>
              <Button type="submit" disabled={pending}>
                {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
                Check and import
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}
