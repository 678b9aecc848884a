import { getOrganization } from "@/lib/platform/get-organizations";
import { putOrganization } from "@/lib/platform/put-organization";
import { removeOrganization } from "@/lib/platform/remove-organization";
import { ProblemError } from "@/lib/platform-api/problem";
import { platformRoute } from "@/lib/platform-api/route";
import { parseRequest, pathParam } from "@/lib/platform-api/validate";
import { externalIdSchema, organizationInputSchema } from "@/lib/schemas/platform-api";

export const dynamic = "force-dynamic";

type Params = { externalId: string };

function notFound(externalId: string): ProblemError {
  return new ProblemError(404, `No organization "${externalId}" in this workspace.`);
}

export const GET = platformRoute<Params>({ scope: "read" }, async ({ db, caller, params }) => {
  const externalId = pathParam(params.externalId);
  const organization = await getOrganization(db, { workspaceId: caller.workspace.id, externalId });
  if (!organization) throw notFound(externalId);
  return { status: 200, body: organization };
});

export const PUT = platformRoute<Params>({ scope: "write" }, async ({ db, caller, params, body }) => {
  const externalId = parseRequest(externalIdSchema, pathParam(params.externalId), {
    prefix: ["path", "externalId"],
  });
  const input = parseRequest(organizationInputSchema, body);
  const { created } = await putOrganization(db, {
    workspaceId: caller.workspace.id,
    externalId,
    input,
    actor: { tokenId: caller.token.id, tokenName: caller.token.name },
  });
  const organization = await getOrganization(db, { workspaceId: caller.workspace.id, externalId });
  return { status: created ? 201 : 200, body: organization };
});

export const DELETE = platformRoute<Params>({ scope: "write" }, async ({ db, caller, params }) => {
  const externalId = pathParam(params.externalId);
  const result = await removeOrganization(db, {
    workspaceId: caller.workspace.id,
    externalId,
    actor: { tokenId: caller.token.id, tokenName: caller.token.name },
  });
  if (!result.found) throw notFound(externalId);
  return { status: 204 };
});
