import { listWorkspaceProducts } from "@/db/queries/products";
import { presentProduct } from "@/lib/platform/present";
import { platformRoute } from "@/lib/platform-api/route";

export const dynamic = "force-dynamic";

export const GET = platformRoute({ scope: "read" }, async ({ db, caller }) => {
  const products = await listWorkspaceProducts(db, { workspaceId: caller.workspace.id });
  return { status: 200, body: { products: products.map(presentProduct) } };
});
