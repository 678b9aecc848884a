import { getDb } from "@/db";
import { pingDatabase } from "@/db/queries/health";

export const dynamic = "force-dynamic";

/** Liveness and database reachability for load balancers. Public; reveals nothing about any workspace. */
export async function GET() {
  try {
    await pingDatabase(getDb());
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false, error: "database unreachable" }, { status: 503 });
  }
}
