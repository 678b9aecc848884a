import { withWorkspaceContext } from "@/lib/auth/route";
import { searchCompaniesAction } from "@/lib/actions/mappings";

export const dynamic = "force-dynamic";

/**
 * "Select Customer" search. A route handler rather than a server action: the browser cancels
 * superseded requests while the admin types, and server actions would queue one after another.
 */
export const GET = withWorkspaceContext(async (context, request) => {
  const result = await searchCompaniesAction.execute(context, {
    query: new URL(request.url).searchParams.get("q") ?? "",
  });
  if (!result.ok) return Response.json({ error: result.error }, { status: result.code === "forbidden" ? 403 : 400 });
  return Response.json({ companies: result.data }, { headers: { "cache-control": "no-store" } });
});
