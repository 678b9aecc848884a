"use client";

import { useState, useTransition } from "react";
import { Eye, Loader2 } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { PreviewResult } from "@/lib/actions/sync";
import { previewSync } from "@/lib/server-actions/sync";
import { ChangeList } from "./change-list";

function describePlan(summary: PreviewResult["summary"]): string {
  const parts = [
    ["create", "to create"],
    ["update", "to update"],
    ["cancel", "to cancel"],
    ["zero", "to set to 0"],
    ["conflict", "in conflict"],
    ["drift", "with drift kept"],
  ]
    .filter(([key]) => (summary[key as keyof PreviewResult["summary"]] ?? 0) > 0)
    .map(([key, label]) => `${summary[key as keyof PreviewResult["summary"]]} ${label}`);
  return parts.length === 0 ? "Nothing to change: the agreement already matches the usage." : parts.join(", ");
}

/** "Preview": runs the dry run now and shows what a sync would change, without writing anything. */
export function PreviewPanel({ mappingId }: { mappingId: string }) {
  const [pending, startTransition] = useTransition();
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  function previewClicked() {
    startTransition(async () => {
      const result = await previewSync({ mappingId });
      if (result.ok) {
        setPreview(result.data);
        setError(null);
      } else {
        setPreview(null);
        setError(result.error);
      }
    });
  }
  return (
    <section aria-labelledby="preview-heading" className="grid gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 id="preview-heading" className="text-lg font-semibold">
            Preview
          </h2>
          <p className="text-muted-foreground text-sm">
            Reads the agreement in ConnectWise and shows what a sync would change. Writes nothing.
          </p>
        </div>
        <Button variant="outline" onClick={previewClicked} disabled={pending}>
          {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Eye aria-hidden />}
          {preview ? "Preview again" : "Preview"}
        </Button>
      </div>
      <div aria-live="polite">
        {error ? (
          <Alert variant="destructive">
            <AlertTitle>Preview failed</AlertTitle>
            <AlertDescription>{error}</AlertDescription>
          </Alert>
        ) : null}
        {preview ? (
          <div className="grid gap-2">
            <p className="text-sm">
              Agreement {preview.agreementName ?? `#${preview.agreementId}`}: {describePlan(preview.summary)}
            </p>
            <ChangeList lines={preview.lines} caption="Changes a sync would make now" />
          </div>
        ) : null}
      </div>
    </section>
  );
}
