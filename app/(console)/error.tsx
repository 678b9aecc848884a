"use client";

import { AlertCircle } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Alert variant="destructive" className="max-w-2xl">
      <AlertCircle aria-hidden />
      <AlertTitle>This page could not be loaded</AlertTitle>
      <AlertDescription>
        <p>
          Something went wrong while loading it. Try again; if it keeps happening, check the server log
          {error.digest ? ` (reference ${error.digest})` : ""}.
        </p>
        <Button variant="outline" size="sm" onClick={reset}>
          Try again
        </Button>
      </AlertDescription>
    </Alert>
  );
}
