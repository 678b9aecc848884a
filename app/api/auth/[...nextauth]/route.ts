import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { withRequestLog } from "@/lib/logging/request-log";

// Sign-in bodies and cookies are never logged: only method, path, status and duration.
export const GET = withRequestLog("/api/auth/[...nextauth]", (request: NextRequest) => handlers.GET(request));
export const POST = withRequestLog("/api/auth/[...nextauth]", (request: NextRequest) => handlers.POST(request));
