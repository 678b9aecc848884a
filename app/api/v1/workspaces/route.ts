import { getDb } from "@/db";
import { clientAddress } from "@/lib/auth/credentials";
import { SafeError } from "@/lib/errors";
import { createWorkspace } from "@/lib/people/create-workspace";
import { publicBaseUrl, requestOrigin } from "@/lib/people/public-url";
import { verifyPlatformToken } from "@/lib/platform-api/platform-token";
import { buildProblem, issuesToFieldErrors, problemResponse } from "@/lib/platform-api/problem";
import { createWorkspaceResponseSchema, createWorkspaceSchema } from "@/lib/schemas/workspaces";
import { errorFields, getLogger } from "@/lib/logging/logger";
import { withRequestLog } from "@/lib/logging/request-log";

/** Onboards an MSP (the vendor's operators): a workspace and its owner's invitation link. */
export const POST = withRequestLog("/api/v1/workspaces", async (request: Request): Promise<Response> => {
  const verdict = verifyPlatformToken(request.headers.get("authorization"));
  if (verdict === "not-configured") {
    return problemResponse({
      ...buildProblem(503, "The platform API is off: set PLATFORM_API_TOKEN on the server to enable it."),
      type: "https://billbridge.example/problems/not-configured",
      title: "Not configured",
    });
  }
  if (verdict !== "ok") {
    return problemResponse(
      buildProblem(
        401,
        verdict === "missing"
          ? "Send the platform token as `Authorization: Bearer <PLATFORM_API_TOKEN>`."
          : "The platform token is not valid.",
      ),
      { "www-authenticate": 'Bearer realm="billbridge-platform"' },
    );
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return problemResponse(buildProblem(400, "The request body must be JSON."));
  }
  const parsed = createWorkspaceSchema.safeParse(body);
  if (!parsed.success) {
    return problemResponse(
      buildProblem(422, "The workspace is not valid; see `errors`.", issuesToFieldErrors(parsed.error.issues)),
    );
  }
  try {
    const { workspace, invitation } = await createWorkspace(getDb(), {
      ...parsed.data,
      baseUrl: publicBaseUrl(requestOrigin(request.headers)),
      via: "platform-api",
      address: clientAddress(request.headers),
    });
    const payload = createWorkspaceResponseSchema.parse({
      workspace: { ...workspace, createdAt: workspace.createdAt.toISOString() },
      invitationLink: invitation.link,
      invitationExpiresAt: invitation.expiresAt.toISOString(),
      mailSent: invitation.mailSent,
    });
    return Response.json(payload, {
      status: 201,
      headers: { "cache-control": "no-store" },
    });
  } catch (error) {
    if (error instanceof SafeError && error.code === "conflict") {
      return problemResponse(buildProblem(409, error.message, [{ path: "slug", message: "Already taken" }]));
    }
    getLogger().error(errorFields(error), "creating a workspace through the platform API failed");
    return problemResponse(
      buildProblem(500, "Something went wrong on our side. Try again; if it keeps happening, check the server log."),
    );
  }
});
