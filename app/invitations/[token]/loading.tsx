import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <main className="bg-muted/40 flex min-h-screen items-center justify-center p-4" role="status" aria-label="Loading">
      <Skeleton className="h-72 w-full max-w-md" />
    </main>
  );
}
