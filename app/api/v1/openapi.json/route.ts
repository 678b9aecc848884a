import { createPlatformApiDocument } from "@/lib/platform-api/openapi-document";

export const dynamic = "force-static";

/** The platform API's OpenAPI 3.1 document; public, like the reference page that renders it. */
export function GET(): Response {
  return Response.json(createPlatformApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
