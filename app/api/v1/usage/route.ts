import { reportUsageBatch } from "@/lib/platform/report-usage";
import { ProblemError } from "@/lib/platform-api/problem";
import { platformRoute } from "@/lib/platform-api/route";
import { parseRequest } from "@/lib/platform-api/validate";
import { usageBatchInputSchema } from "@/lib/schemas/platform-api";

export const dynamic = "force-dynamic";

export const POST = platformRoute({ scope: "write" }, async ({ db, caller, body }) => {
  const input = parseRequest(usageBatchInputSchema, body, {
    detail: "The batch is not valid; see `errors`. Nothing was applied.",
  });
  const result = await reportUsageBatch(db, {
    workspaceId: caller.workspace.id,
    input,
    actor: { tokenId: caller.token.id, tokenName: caller.token.name },
  });
  if (result.kind === "invalid")
    throw new ProblemError(422, "The batch is not valid; see `errors`. Nothing was applied.", result.errors);
  return { status: 200, body: { applied: result.applied, unchanged: result.unchanged, stale: result.stale } };
});
