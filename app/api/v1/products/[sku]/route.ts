import { putProduct } from "@/lib/platform/put-product";
import { presentProduct } from "@/lib/platform/present";
import { platformRoute } from "@/lib/platform-api/route";
import { parseRequest, pathParam } from "@/lib/platform-api/validate";
import { productInputSchema, skuSchema } from "@/lib/schemas/platform-api";

export const dynamic = "force-dynamic";

export const PUT = platformRoute<{ sku: string }>({ scope: "write" }, async ({ db, caller, params, body }) => {
  const sku = parseRequest(skuSchema, pathParam(params.sku), { prefix: ["path", "sku"] });
  const input = parseRequest(productInputSchema, body);
  const { created, product } = await putProduct(db, {
    workspaceId: caller.workspace.id,
    sku,
    input,
    actor: { tokenId: caller.token.id, tokenName: caller.token.name },
  });
  return { status: created ? 201 : 200, body: presentProduct(product) };
});
