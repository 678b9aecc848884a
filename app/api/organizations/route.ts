import { z } from "zod";
import { listOrganizationsWithUsage } from "@/db/queries/organizations";
import { withWorkspaceContext } from "@/lib/auth/route";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** JSON list of the caller's workspace's organizations with usage. */
export const GET = withWorkspaceContext(async (context, request) => {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success)
    return Response.json(
      { error: "Invalid query", issues: parsed.error.issues.map((issue) => issue.message) },
      { status: 400 },
    );
  const { q, page, pageSize } = parsed.data;
  const result = await listOrganizationsWithUsage(context.db, {
    workspaceId: context.workspace.id,
    search: q,
    page,
    pageSize,
  });
  return Response.json({ workspace: context.workspace.slug, page, pageSize, ...result });
});
