import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "@/db/migrate";
import { demoOrganizations } from "@/db/seed/demo-organizations";
import { demoProducts } from "@/db/seed/demo-products";
import { demoUsers, seedDemoWorkspace } from "@/db/seed";
import { createTestDatabase } from "../harness/database";

const dataTables = [
  "workspaces",
  "users",
  "memberships",
  "organizations",
  "products",
  "usage",
  "usage_history",
  "audit_events",
];

async function snapshot(db: Awaited<ReturnType<typeof createTestDatabase>>["db"]) {
  const result: Record<string, unknown> = {};
  for (const table of dataTables) {
    result[table] = await db.execute(sql.raw(`select * from ${table} order by 1, 2`));
  }
  return JSON.stringify(result);
}

describe("migrations", () => {
  it("apply to an empty database, and applying them again changes nothing", async () => {
    const { db } = await createTestDatabase({ migrated: false });
    await applyMigrations(db);
    const tables = await db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([...dataTables, "accounts", "sign_in_failures"]),
    );
    await applyMigrations(db);
    const applied = await db.execute<{ count: number }>(
      sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
    );
    expect(applied[0]!.count).toBeGreaterThan(0);
  });

  it("never create anything in pg-boss's schema", async () => {
    const { db } = await createTestDatabase({ migrated: false });
    await applyMigrations(db);
    const pgbossTables = await db.execute(sql`select 1 from information_schema.tables where table_schema = 'pgboss'`);
    expect(pgbossTables).toHaveLength(0);
  });
});

describe("demo seed", () => {
  it("creates the demo workspace, and running it again changes nothing", async () => {
    const { db } = await createTestDatabase();
    const first = await seedDemoWorkspace(db);
    expect(first.created).toBe(true);
    const afterFirst = await snapshot(db);
    const second = await seedDemoWorkspace(db);
    expect(second).toEqual({ created: false, workspaceId: first.workspaceId });
    expect(await snapshot(db)).toBe(afterFirst);
  });

  it("holds the awkward names, a realistic catalog and varied usage", async () => {
    const { db } = await createTestDatabase();
    await seedDemoWorkspace(db);
    const names = (await db.execute<{ name: string }>(sql`select name from organizations`)).map((row) => row.name);
    expect(names).toHaveLength(demoOrganizations.length);
    expect(names).toEqual(
      expect.arrayContaining(['O\'Brien & "Sons" Ltd', "Contoso Ltd", "Contoso, Ltd.", "Müller Bäckerei GmbH"]),
    );
    expect(names.some((name) => name.length === 120)).toBe(true);
    const productCount = await db.execute<{ count: number }>(sql`select count(*)::int as count from products`);
    expect(productCount[0]!.count).toBe(demoProducts.length);
    expect(demoProducts.length).toBeGreaterThanOrEqual(6);
    const usageStats = await db.execute<{ zeros: number; positive: number; unused_products: number }>(sql`
      select
        (select count(*)::int from usage where quantity = 0) as zeros,
        (select count(*)::int from usage where quantity > 0) as positive,
        (select count(*)::int from products p where not exists (select 1 from usage u where u.product_id = p.id)) as unused_products`);
    expect(usageStats[0]!.zeros).toBeGreaterThan(0);
    expect(usageStats[0]!.positive).toBeGreaterThan(40);
    expect(usageStats[0]!.unused_products).toBeGreaterThan(0);
    const roles = await db.execute<{ role: string }>(sql`select role::text from memberships order by role`);
    expect(roles.map((row) => row.role).sort()).toEqual(demoUsers.map((user) => user.role).sort());
  });
});
