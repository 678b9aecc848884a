import { withRequestLog } from "@/lib/logging/request-log";
import { buildProblem, problemResponse } from "@/lib/platform-api/problem";

export const dynamic = "force-dynamic";

/** Any other path under /api/v1: a problem document rather than the console's HTML 404 page. */
const notFound = withRequestLog(null, async (_request: Request) =>
  problemResponse(buildProblem(404, "No such endpoint. The reference is at /api/v1/docs.")),
);

export const GET = notFound;
export const PUT = notFound;
export const POST = notFound;
export const DELETE = notFound;
export const PATCH = notFound;
