import Link from "next/link";
import { LogOut } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Navigation } from "@/components/console/navigation";
import { WorkspaceSwitcher } from "@/components/console/workspace-switcher";
import { countHeldChanges } from "@/db/queries/approvals";
import { listMembershipsOfUser } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { roleAllows, roleLabels } from "@/lib/auth/roles";
import { signOut } from "@/lib/server-actions/auth";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const context = await requirePageContext();
  const [memberships, waitingApprovals] = await Promise.all([
    listMembershipsOfUser(context.db, { userId: context.user.id }),
    countHeldChanges(context.db, { workspaceId: context.workspace.id }),
  ]);
  return (
    <div className="grid min-h-screen md:grid-cols-[240px_1fr]">
      <a href="#main" className="focus:bg-background sr-only focus:not-sr-only focus:absolute focus:p-2">
        Skip to content
      </a>
      <aside className="bg-muted/40 border-r p-4">
        <Link href="/" className="mb-6 block px-3 text-lg font-semibold">
          Billbridge
        </Link>
        <Navigation
          counts={{ "/approvals": waitingApprovals }}
          hidden={roleAllows(context.role, "admin") ? [] : ["/settings/people", "/settings/audit-log"]}
        />
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="flex items-center justify-between gap-4 border-b px-6 py-3">
          <div className="text-sm">
            <span className="text-muted-foreground">Workspace </span>
            {memberships.length > 1 ? (
              <WorkspaceSwitcher
                current={context.workspace.id}
                workspaces={memberships.map((membership) => ({
                  id: membership.workspaceId,
                  name: membership.workspaceName,
                }))}
              />
            ) : (
              <span className="font-medium" data-testid="workspace-name">
                {context.workspace.name}
              </span>
            )}
          </div>
          <div className="flex items-center gap-3 text-sm">
            <span data-testid="signed-in-user">{context.user.name ?? context.user.email}</span>
            <span className="text-muted-foreground hidden sm:inline">{context.user.email}</span>
            <Badge variant="secondary">{roleLabels[context.role]}</Badge>
            <form action={signOut}>
              <Button type="submit" variant="ghost" size="sm">
                <LogOut aria-hidden />
                Sign out
              </Button>
            </form>
          </div>
        </header>
        <main id="main" className="min-w-0 flex-1 p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
