import { CheckCircle2, CircleHelp, TriangleAlert, XCircle } from "lucide-react";
import type { StoredPermissionResult } from "@/db/schema";

/** The permission checklist: granted, missing (with what it blocks), or not checked. */
export function PermissionChecklist({ permissions }: { permissions: StoredPermissionResult[] }) {
  if (permissions.length === 0) return null;
  return (
    <ul className="grid gap-2 text-sm" aria-label="ConnectWise permissions">
      {permissions.map((line) => {
        const missingRequired = line.granted === false && line.requiredBy === "seed";
        const missingEdit = line.granted === false && line.requiredBy === "edit";
        const Icon = line.granted
          ? CheckCircle2
          : line.granted === null
            ? CircleHelp
            : missingRequired
              ? XCircle
              : TriangleAlert;
        const tone = line.granted ? "text-success" : missingRequired ? "text-destructive" : "text-warning";
        const state = line.granted ? "granted" : line.granted === null ? "not checked" : "missing";
        return (
          <li key={line.permission} className="flex gap-2" data-permission={line.permission} data-state={state}>
            <Icon className={`mt-0.5 size-4 shrink-0 ${tone}`} aria-hidden />
            <div>
              <span className="font-medium">{line.permission}</span>
              <span className="sr-only">: {state}</span>
              {line.requiredBy === "edit" ? (
                <span className="text-muted-foreground"> (to update existing records)</span>
              ) : null}
              {line.granted === true ? null : (
                <p className={missingEdit || line.granted === null ? "text-muted-foreground" : "text-destructive"}>
                  {line.granted === null ? line.detail : line.blocksWhenMissing}
                </p>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
