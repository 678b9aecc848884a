import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { auth } from "./auth";
import { clientAddress } from "./credentials";
import { publicBaseUrl, requestOrigin } from "@/lib/people/public-url";
import { ForbiddenError, NotSignedInError, resolveWorkspaceContext, type WorkspaceContext } from "./context";

export const workspaceCookie = "bb_workspace";

/** The signed-in user's workspace context for a server action or route handler; throws when signed out. */
export async function getRequestContext(): Promise<WorkspaceContext> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) throw new NotSignedInError();
  const requested = (await cookies()).get(workspaceCookie)?.value ?? null;
  const requestHeaders = await headers();
  const address = clientAddress(requestHeaders);
  const baseUrl = publicBaseUrl(requestOrigin(requestHeaders));
  if (isUuid(requested)) {
    // A stale cookie (a workspace the user has left) falls back to their own first workspace.
    try {
      return await resolveWorkspaceContext(getDb(), { userId, requestedWorkspaceId: requested, address, baseUrl });
    } catch (error) {
      if (!(error instanceof ForbiddenError)) throw error;
    }
  }
  return resolveWorkspaceContext(getDb(), { userId, address, baseUrl });
}

/** For pages: like getRequestContext, but a signed-out visitor is sent to sign in. */
export async function requirePageContext(): Promise<WorkspaceContext> {
  try {
    return await getRequestContext();
  } catch (error) {
    if (error instanceof NotSignedInError) redirect("/sign-in");
    throw error;
  }
}

function isUuid(value: string | null): value is string {
  return value !== null && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
