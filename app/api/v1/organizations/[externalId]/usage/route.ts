import { reportOrganizationUsage } from "@/lib/platform/report-usage";
import { ProblemError } from "@/lib/platform-api/problem";
import { platformRoute } from "@/lib/platform-api/route";
import { parseRequest, pathParam } from "@/lib/platform-api/validate";
import { usageSnapshotInputSchema } from "@/lib/schemas/platform-api";

export const dynamic = "force-dynamic";

export const PUT = platformRoute<{ externalId: string }>({ scope: "write" }, async ({ db, caller, params, body }) => {
  const externalId = pathParam(params.externalId);
  const input = parseRequest(usageSnapshotInputSchema, body);
  const result = await reportOrganizationUsage(db, {
    workspaceId: caller.workspace.id,
    externalId,
    input,
    actor: { tokenId: caller.token.id, tokenName: caller.token.name },
  });
  if (result.kind === "not-found") throw new ProblemError(404, `No organization "${externalId}" in this workspace.`);
  if (result.kind === "invalid")
    throw new ProblemError(422, "The snapshot names unknown SKUs; see `errors`. Nothing was changed.", result.errors);
  return { status: 200, body: result.reason ? { applied: false, reason: result.reason } : { applied: true } };
});
