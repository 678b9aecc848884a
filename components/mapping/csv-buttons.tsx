"use client";

import { useRef, useState, useTransition } from "react";
import { Loader2, Upload } from "lucide-react";
import { toast } from "sonner";
import { CsvExportButton } from "@/components/console/csv-export-button";
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
import { checkMappingImportFile } from "@/lib/schemas/mapping-import";
import { exportMappingsCsv, importMappingsCsv } from "@/lib/server-actions/mappings";

export function ExportCsvButton() {
  return <CsvExportButton exportCsv={exportMappingsCsv} size="sm" />;
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
    const tooLarge = checkMappingImportFile(file);
    if (tooLarge) {
      setErrors([]);
      setSummary(tooLarge);
      return;
    }
    startTransition(async () => {
      const csv = await file.text();
      const tooLong = checkMappingImportFile(file, csv);
      if (tooLong) {
        setErrors([]);
        setSummary(tooLong);
        return;
      }
      let result: Awaited<ReturnType<typeof importMappingsCsv>>;
      try {
        result = await importMappingsCsv({ csv });
      } catch {
        setErrors([]);
        setSummary(
          "The file could not be uploaded (the connection failed or the server refused it). Nothing was imported; try again.",
        );
        return;
      }
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
                agreement_id and sync_enabled; up to 5 MB and 20,000 organizations per file. Every line is checked
                first; if any line is wrong, nothing is imported.
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
