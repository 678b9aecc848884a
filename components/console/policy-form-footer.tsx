import { Loader2 } from "lucide-react";
import { Button } from "@/components/ui/button";

/**
 * The end of a small settings form: the refusal of the last save, then the save button for those who
 * may change it, or a note saying who may.
 */
export function PolicyFormFooter({
  error,
  canWrite,
  pending,
  saveLabel,
  readOnlyNote,
}: {
  error: string | null;
  canWrite: boolean;
  pending: boolean;
  saveLabel: string;
  readOnlyNote: string;
}) {
  return (
    <>
      {error ? (
        <p className="text-destructive text-sm" role="alert">
          {error}
        </p>
      ) : null}
      {canWrite ? (
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            {saveLabel}
          </Button>
        </div>
      ) : (
        <p className="text-muted-foreground text-sm">{readOnlyNote}</p>
      )}
    </>
  );
}
