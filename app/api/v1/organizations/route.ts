import { getOrganizationPage } from "@/lib/platform/get-organizations";
import { platformRoute } from "@/lib/platform-api/route";
import { parseRequest } from "@/lib/platform-api/validate";
import { organizationListQuerySchema } from "@/lib/schemas/platform-api";

export const dynamic = "force-dynamic";

export const GET = platformRoute({ scope: "read" }, async ({ db, caller, url }) => {
  const query = parseRequest(organizationListQuerySchema, Object.fromEntries(url.searchParams), {
    prefix: ["query"],
  });
  return { status: 200, body: await getOrganizationPage(db, { workspaceId: caller.workspace.id, ...query }) };
});
