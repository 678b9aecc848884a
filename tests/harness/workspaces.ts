import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import { memberships, organizations, products, usage, users, workspaces, type MembershipRole } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { resolveWorkspaceContext, type WorkspaceContext } from "@/lib/auth/context";

export const testPassword = "correct horse battery staple";

export interface TestWorkspace {
  id: string;
  /** The label it was created with; its organizations are "<label>-org-1…3", named "<label> Alpha Corp"… */
  label: string;
  slug: string;
  users: Record<MembershipRole, { id: string; email: string }>;
  organizationIds: string[];
  productIds: string[];
  /** The context of one of its members, as an action would receive it. */
  as(role: MembershipRole): Promise<WorkspaceContext>;
}

let passwordHash: string | undefined;

/**
 * Creates a workspace with one member of each role (owner, admin, billing, viewer), a few organizations, products and usage.
 * The isolation tests create two (A and B) and prove that B's members never reach A's rows.
 */
export async function createTestWorkspace(db: Database, label: string): Promise<TestWorkspace> {
  passwordHash ??= await hashPassword(testPassword);
  const slug = `${label.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`;
  const [workspace] = await db
    .insert(workspaces)
    .values({ name: `Workspace ${label}`, slug })
    .returning();
  const members = {} as TestWorkspace["users"];
  for (const role of ["owner", "admin", "billing", "viewer"] as const) {
    const email = `${role}@${slug}.example`;
    const [user] = await db
      .insert(users)
      .values({ email, name: `${label} ${role}`, passwordHash })
      .returning();
    await db.insert(memberships).values({ workspaceId: workspace!.id, userId: user!.id, role });
    members[role] = { id: user!.id, email };
  }
  const organizationRows = await db
    .insert(organizations)
    .values(
      ["Alpha", "Beta", "Gamma"].map((name, index) => ({
        workspaceId: workspace!.id,
        externalId: `${label}-org-${index + 1}`,
        name: `${label} ${name} Corp`,
      })),
    )
    .returning({ id: organizations.id });
  const productRows = await db
    .insert(products)
    .values(
      ["USER", "GATEWAY"].map((kind) => ({
        workspaceId: workspace!.id,
        sku: `${label}-${kind}`,
        name: `${label} ${kind.toLowerCase()} plan`,
        description: `${label} ${kind.toLowerCase()} plan`,
        unit: kind === "USER" ? "user" : "gateway",
        cost: "5.00",
        suggestedPrice: "9.00",
      })),
    )
    .returning({ id: products.id });
  await db.insert(usage).values(
    organizationRows.flatMap((organization, index) =>
      productRows.map((product) => ({
        workspaceId: workspace!.id,
        organizationId: organization.id,
        productId: product.id,
        quantity: String(10 * (index + 1)),
      })),
    ),
  );
  return {
    id: workspace!.id,
    label,
    slug,
    users: members,
    organizationIds: organizationRows.map((row) => row.id),
    productIds: productRows.map((row) => row.id),
    as: (role) => resolveWorkspaceContext(db, { userId: members[role].id, requestedWorkspaceId: workspace!.id }),
  };
}

/** The workspace's first `count` organizations, adding plain ones (no usage) when it has fewer. */
export async function organizationIdsOf(db: Database, workspace: TestWorkspace, count: number): Promise<string[]> {
  const missing = Math.max(0, count - workspace.organizationIds.length);
  const extra =
    missing === 0
      ? []
      : await db
          .insert(organizations)
          .values(
            Array.from({ length: missing }, (_, index) => ({
              workspaceId: workspace.id,
              externalId: `${workspace.label}-extra-${index}`,
              name: `${workspace.label} extra ${index}`,
            })),
          )
          .returning({ id: organizations.id });
  return [...workspace.organizationIds, ...extra.map((row) => row.id)].slice(0, count);
}

export async function countRows(
  db: Database,
  table: typeof usage | typeof organizations,
  workspaceId: string,
): Promise<number> {
  const rows = await db.select().from(table).where(eq(table.workspaceId, workspaceId));
  return rows.length;
}
