import { ForbiddenError, NotSignedInError, type WorkspaceContext } from "./context";
import { getRequestContext } from "./session";
import { withRequestLog } from "@/lib/logging/request-log";

/**
 * The one way a route handler gets its caller: the session's workspace context, or a JSON 401 (no
 * session) / 403 (no workspace) instead of a redirect, since API clients read status codes. Every answer
 * is marked `Cache-Control: no-store`, and each request is logged (method, path, status, duration).
 */
export function withWorkspaceContext(handler: (context: WorkspaceContext, request: Request) => Promise<Response>) {
  return withRequestLog(null, async (request: Request): Promise<Response> => noStore(await answer(request)));
  async function answer(request: Request): Promise<Response> {
    let context: WorkspaceContext;
    try {
      context = await getRequestContext();
    } catch (error) {
      if (error instanceof NotSignedInError) return Response.json({ error: error.message }, { status: 401 });
      if (error instanceof ForbiddenError) return Response.json({ error: error.message }, { status: 403 });
      throw error;
    }
    return handler(context, request);
  }
}

/** A workspace's data is never kept by a browser or a shared cache. */
function noStore(response: Response): Response {
  try {
    response.headers.set("cache-control", "no-store");
    return response;
  } catch {
    // A redirect's headers are immutable; its copy's are not.
    const copy = new Response(response.body, response);
    copy.headers.set("cache-control", "no-store");
    return copy;
  }
}
