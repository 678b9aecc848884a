import { z } from "zod";
import { withWorkspaceContext } from "@/lib/auth/route";
import { getDirectoryView, getMappingStatuses } from "@/lib/read-models/mapping-table";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  ids: z
    .string()
    .max(200 * 37)
    .default("")
    .transform((value) => value.split(",").filter(Boolean))
    .pipe(z.array(z.uuid()).max(200)),
});

/**
 * The mapping table's live status: last-run fields of the given organizations (of the caller's
 * workspace only) and the directory refresh's progress. Polled while something is queued or running.
 */
export const GET = withWorkspaceContext(async (context, request) => {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success)
    return Response.json(
      { error: "Invalid query: ids must be up to 200 organization ids separated by commas" },
      { status: 400 },
    );
  const [rows, directory] = await Promise.all([
    getMappingStatuses(context, parsed.data.ids),
    getDirectoryView(context.db, { workspaceId: context.workspace.id }),
  ]);
  return Response.json({ rows, directory }, { headers: { "cache-control": "no-store" } });
});
