import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="grid grid-cols-1 gap-4" role="status" aria-label="Loading">
      <Skeleton className="h-6 w-64" />
      <div className="flex justify-between gap-4">
        <Skeleton className="h-8 w-80" />
        <Skeleton className="h-8 w-72" />
      </div>
      {Array.from({ length: 10 }, (_, index) => (
        <Skeleton key={index} className="h-12 w-full" />
      ))}
    </div>
  );
}
