"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { selectWorkspace } from "@/lib/server-actions/workspaces";

/** Shown to people who belong to more than one MSP workspace. */
export function WorkspaceSwitcher({
  current,
  workspaces,
}: {
  current: string;
  workspaces: Array<{ id: string; name: string }>;
}) {
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <>
      <label htmlFor="workspace-switcher" className="sr-only">
        Workspace
      </label>
      <select
        id="workspace-switcher"
        className="border-input focus-visible:ring-ring/50 h-8 rounded-md border bg-transparent px-2 text-sm font-medium outline-none focus-visible:ring-[3px]"
        value={current}
        disabled={pending}
        onChange={(event) => {
          const workspaceId = event.target.value;
          startTransition(async () => {
            const result = await selectWorkspace({ workspaceId });
            if (!result.ok) toast.error(result.error);
            else {
              toast.success(`Now working in ${result.data.workspaceName}.`);
              router.push("/organizations");
              router.refresh();
            }
          });
        }}
      >
        {workspaces.map((workspace) => (
          <option key={workspace.id} value={workspace.id}>
            {workspace.name}
          </option>
        ))}
      </select>
    </>
  );
}
