import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../index";
import { products } from "../schema";

export async function findProductBySku(db: Database, params: { workspaceId: string; sku: string }) {
  const [row] = await db
    .select()
    .from(products)
    .where(and(eq(products.workspaceId, params.workspaceId), eq(products.sku, params.sku)));
  return row ?? null;
}

/** Every product of the workspace in SKU order. */
export async function listWorkspaceProducts(db: Database, params: { workspaceId: string }) {
  return db.select().from(products).where(eq(products.workspaceId, params.workspaceId)).orderBy(asc(products.sku));
}

export async function insertProduct(
  db: Database,
  params: {
    workspaceId: string;
    values: {
      sku: string;
      name: string;
      description: string;
      unit: string;
      cost: string;
      suggestedPrice: string;
      active: boolean;
    };
  },
) {
  const [row] = await db
    .insert(products)
    .values({ workspaceId: params.workspaceId, ...params.values })
    .returning();
  return row!;
}

export async function updateProduct(
  db: Database,
  params: {
    workspaceId: string;
    productId: string;
    values: { name: string; description: string; unit: string; cost: string; suggestedPrice: string; active: boolean };
  },
) {
  const [row] = await db
    .update(products)
    .set({ ...params.values, updatedAt: new Date() })
    .where(and(eq(products.workspaceId, params.workspaceId), eq(products.id, params.productId)))
    .returning();
  return row!;
}
