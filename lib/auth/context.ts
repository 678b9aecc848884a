import type { Database } from "@/db";
import type { MembershipRole } from "@/db/schema";
import { findMembership, findUserById, listMembershipsOfUser } from "@/db/queries/workspaces";
import { SafeError } from "@/lib/errors";
import { roleAllows } from "./roles";

/** Who is acting, in which workspace, with which role. Every action and query is scoped by it. */
export interface WorkspaceContext {
  db: Database;
  user: { id: string; email: string; name: string | null };
  workspace: { id: string; name: string; slug: string };
  role: MembershipRole;
  /** The client address of the request, recorded with audit events; absent outside a request. */
  address?: string | null;
  /** The console's base URL for links in mail (see publicBaseUrl). */
  baseUrl?: string;
}

export class NotSignedInError extends SafeError {
  constructor() {
    super("Your session has ended. Sign in again to continue.", "unauthenticated");
  }
}

export class ForbiddenError extends SafeError {
  constructor(message = "You don't have permission to do that in this workspace.") {
    super(message, "forbidden");
  }
}

/**
 * Resolves the workspace a signed-in user acts in: the requested one if they are a member of it,
 * otherwise their first workspace. A request for a workspace they don't belong to is refused.
 */
export async function resolveWorkspaceContext(
  db: Database,
  params: { userId: string; requestedWorkspaceId?: string | null; address?: string | null; baseUrl?: string },
): Promise<WorkspaceContext> {
  const user = await findUserById(db, { userId: params.userId });
  if (!user) throw new NotSignedInError();
  const membership = params.requestedWorkspaceId
    ? await findMembership(db, { userId: user.id, workspaceId: params.requestedWorkspaceId })
    : (await listMembershipsOfUser(db, { userId: user.id }))[0];
  if (!membership) {
    throw new ForbiddenError(
      params.requestedWorkspaceId
        ? "You are not a member of that workspace."
        : "Your account doesn't belong to any workspace yet. Ask an owner to invite you.",
    );
  }
  return {
    db,
    user,
    workspace: { id: membership.workspaceId, name: membership.workspaceName, slug: membership.workspaceSlug },
    role: membership.role,
    address: params.address ?? null,
    baseUrl: params.baseUrl,
  };
}

export function assertRole(context: WorkspaceContext, required: MembershipRole): void {
  if (!roleAllows(context.role, required)) {
    throw new ForbiddenError(
      required === "owner"
        ? "Only a workspace owner can do that."
        : required === "billing"
          ? "Only billing members, admins and owners can approve or reject changes."
          : context.role === "billing"
            ? "The Billing role approves held changes and changes nothing else. Ask an owner or admin."
            : "Viewers can't change anything. Ask an owner or admin.",
    );
  }
}
