import { ForbiddenError, NotSignedInError, type WorkspaceContext } from "./context";
import { getRequestContext } from "./session";
import { withRequestLog } from "@/lib/logging/request-log";

/**
 * The one way a route handler gets its caller: the session's workspace context, or a JSON 401 (no
 * session) / 403 (no workspace) instead of a redirect, since API clients read status codes. Each request
 * is logged (method, path, status, duration).
 */
export function withWorkspaceContext(handler: (context: WorkspaceContext, request: Request) => Promise<Response>) {
  return withRequestLog(null, async (request: Request): Promise<Response> => {
    let context: WorkspaceContext;
    try {
      context = await getRequestContext();
    } catch (error) {
      if (error instanceof NotSignedInError) return Response.json({ error: error.message }, { status: 401 });
      if (error instanceof ForbiddenError) return Response.json({ error: error.message }, { status: 403 });
      throw error;
    }
    return handler(context, request);
  });
}
