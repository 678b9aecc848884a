import { getDb } from "@/db";
import { clientAddress } from "@/lib/auth/credentials";
import { SafeError } from "@/lib/errors";
import { createWorkspace } from "@/lib/people/create-workspace";
import { publicBaseUrl, requestOrigin } from "@/lib/people/public-url";
import { verifyPlatformToken } from "@/lib/platform-api/platform-token";
import { problems } from "@/lib/platform-api/workspace-problems";
import { createWorkspaceResponseSchema, createWorkspaceSchema } from "@/lib/schemas/workspaces";

/** Onboards an MSP (the vendor's operators): a workspace and its owner's invitation link. */
export async function POST(request: Request): Promise<Response> {
  const verdict = verifyPlatformToken(request.headers.get("authorization"));
  if (verdict === "not-configured") {
    return problems.notConfigured("The platform API is off: set PLATFORM_API_TOKEN on the server to enable it.");
  }
  if (verdict !== "ok") {
    return problems.unauthorized(
      verdict === "missing"
        ? "Send the platform token as `Authorization: Bearer <PLATFORM_API_TOKEN>`."
        : "The platform token is not valid.",
    );
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return problems.invalidBody("The request body must be JSON.");
  }
  const parsed = createWorkspaceSchema.safeParse(body);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[issue.path.join(".") || "body"] ??= issue.message;
    return problems.invalidBody("Some fields need attention.", errors);
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
    if (error instanceof SafeError && error.code === "conflict")
      return problems.conflict(error.message, error.fieldErrors);
    console.error("[api] POST /api/v1/workspaces failed:", error);
    return problems.internal();
  }
}
