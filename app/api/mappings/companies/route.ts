import { ForbiddenError, NotSignedInError } from "@/lib/auth/context";
import { getRequestContext } from "@/lib/auth/session";
import { searchCompanies } from "@/lib/operations/mappings";

export const dynamic = "force-dynamic";

/**
 * "Select Customer" search. A route handler rather than a server action: the browser cancels
 * superseded requests while the admin types, and server actions would queue one after another.
 */
export async function GET(request: Request) {
  let context;
  try {
    context = await getRequestContext();
  } catch (error) {
    if (error instanceof NotSignedInError) return Response.json({ error: error.message }, { status: 401 });
    if (error instanceof ForbiddenError) return Response.json({ error: error.message }, { status: 403 });
    throw error;
  }
  const result = await searchCompanies.execute(context, { query: new URL(request.url).searchParams.get("q") ?? "" });
  if (!result.ok) return Response.json({ error: result.error }, { status: result.code === "forbidden" ? 403 : 400 });
  return Response.json({ companies: result.data }, { headers: { "cache-control": "no-store" } });
}
