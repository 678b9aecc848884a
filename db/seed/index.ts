import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../index";
import { memberships, organizations, products, usage, users, workspaces } from "../schema";
import { hashPassword } from "@/lib/auth/password";
import { demoOrganizations } from "./demo-organizations";
import { demoProducts } from "./demo-products";

export const demoWorkspace = { name: "Northstar Managed Services", slug: "northstar-msp" };
export const demoPassword = "billbridge-demo";
export const demoUsers = [
  { email: "owner@northstar.example", name: "Olivia Owner", role: "owner" as const },
  { email: "viewer@northstar.example", name: "Victor Viewer", role: "viewer" as const },
];

/**
 * Seeds the demo MSP workspace. Idempotent: every insert is keyed on a natural key and skips rows
 * that exist, so running it again changes nothing (not even timestamps).
 */
export async function seedDemoWorkspace(db: Database): Promise<{ created: boolean; workspaceId: string }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('billbridge:seed'))`);
    const inserted = await tx
      .insert(workspaces)
      .values(demoWorkspace)
      .onConflictDoNothing()
      .returning({ id: workspaces.id });
    const [workspace] = await tx
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(eq(workspaces.slug, demoWorkspace.slug));
    const workspaceId = workspace!.id;

    for (const person of demoUsers) {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, person.email));
      const userId =
        existing?.id ??
        (
          await tx
            .insert(users)
            .values({ email: person.email, name: person.name, passwordHash: await hashPassword(demoPassword) })
            .returning({ id: users.id })
        )[0]!.id;
      await tx.insert(memberships).values({ workspaceId, userId, role: person.role }).onConflictDoNothing();
    }

    await tx
      .insert(organizations)
      .values(demoOrganizations.map((organization) => ({ ...organization, workspaceId })))
      .onConflictDoNothing();
    await tx
      .insert(products)
      .values(demoProducts.map((product) => ({ ...product, workspaceId })))
      .onConflictDoNothing();

    const organizationRows = await tx
      .select({ id: organizations.id, externalId: organizations.externalId })
      .from(organizations)
      .where(eq(organizations.workspaceId, workspaceId));
    const productRows = await tx
      .select({ id: products.id, sku: products.sku })
      .from(products)
      .where(eq(products.workspaceId, workspaceId));
    const usageRows = organizationRows.flatMap((organization) =>
      productRows.flatMap((product) => {
        const quantity = demoUsageQuantity(organization.externalId, product.sku);
        return quantity === null
          ? []
          : [{ workspaceId, organizationId: organization.id, productId: product.id, quantity: String(quantity) }];
      }),
    );
    if (usageRows.length > 0) await tx.insert(usage).values(usageRows).onConflictDoNothing();
    return { created: inserted.length > 0, workspaceId };
  });
}

/**
 * Deterministic, realistic usage: each organization buys one per-user plan, a few have gateways and
 * add-ons, some report zero, and the SSL inspection add-on is in nobody's usage at all.
 * `null` means no usage row.
 */
export function demoUsageQuantity(externalId: string, sku: string): number | null {
  const seed = Number.parseInt(externalId.replace(/\D/g, ""), 10);
  const seats = 5 + ((seed * 37) % 180);
  const plan = ["SASE-ESS-USER", "SASE-PRO-USER", "SASE-ENT-USER"][seed % 3];
  switch (sku) {
    case "SASE-ESS-USER":
    case "SASE-PRO-USER":
    case "SASE-ENT-USER":
      if (sku !== plan) return null;
      return seed % 11 === 0 ? 0 : seats;
    case "GW-DEDICATED":
      return seed % 4 === 0 ? 1 + (seed % 3) : null;
    case "GW-DEDICATED-HA":
      return seed % 9 === 0 ? 1 : null;
    case "ADDON-DLP":
      return seed % 5 === 0 ? seats : seed % 7 === 0 ? 0 : null;
    case "ADDON-LOG-365":
      return seed % 6 === 0 ? seats : null;
    default:
      return null;
  }
}

export async function findDemoUser(db: Database, email: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(workspaces, and(eq(workspaces.id, memberships.workspaceId), eq(workspaces.slug, demoWorkspace.slug)))
    .where(eq(users.email, email));
  return row ?? null;
}
