import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db";
import { catalogLinks, mappings, memberships, organizations, products, usage, users, workspaces } from "@/db/schema";
import { runCatalogSync } from "@/lib/catalog/run-catalog-sync";
import { resolveWorkspaceContext } from "@/lib/auth/context";
import { applyConnectWiseAction, checkConnectWiseAction } from "@/lib/actions/connectwise";
import { computeScheduleOffsetSeconds } from "@/lib/sync/schedule";
import type { Sandbox } from "@/sandbox/index";

/** The vendor catalog of a benchmark or chaos workspace: five products, as the "5 products each". */
const fixtureProducts = [
  { sku: "BENCH-ESS", name: "SASE Essentials", unit: "user", cost: "4.00", suggestedPrice: "7.00" },
  { sku: "BENCH-PRO", name: "SASE Professional", unit: "user", cost: "8.00", suggestedPrice: "13.50" },
  { sku: "BENCH-GW", name: "Dedicated Gateway", unit: "gateway", cost: "40.00", suggestedPrice: "65.00" },
  { sku: "BENCH-DLP", name: "DLP Add-on", unit: "user", cost: "2.50", suggestedPrice: "4.00" },
  { sku: "BENCH-LOG", name: "Extended Log Retention", unit: "user", cost: "0.75", suggestedPrice: "1.50" },
];

export interface SyncFixture {
  workspaceId: string;
  ownerId: string;
  mappingIds: string[];
  /** organization id → agreement id */
  agreementByOrganization: Map<string, number>;
  /** Catalog item ids Billbridge owns (its published products). */
  ownedCatalogItemIds: Set<number>;
  /** Foreign additions (other products) per agreement when the fixture was built, to prove they are never touched. */
  foreignAdditions: Map<number, string>;
}

function pseudoRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

/**
 * A workspace connected to the sandbox, its catalog published, and `organizations` organizations each
 * mapped (sync on) to an active agreement of its own, with usage of the five products.
 */
export async function buildSyncFixture(
  db: Database,
  sandbox: Sandbox,
  options: { organizations: number; seed?: number },
): Promise<SyncFixture> {
  const random = pseudoRandom(options.seed ?? 42);
  process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
  const slug = `bench-${randomUUID().slice(0, 8)}`;
  const [workspace] = await db.insert(workspaces).values({ name: "Benchmark MSP", slug }).returning();
  const [owner] = await db
    .insert(users)
    .values({ email: `owner@${slug}.example`, name: "Bench Owner" })
    .returning();
  await db.insert(memberships).values({ workspaceId: workspace!.id, userId: owner!.id, role: "owner" });
  const context = await resolveWorkspaceContext(db, { userId: owner!.id, requestedWorkspaceId: workspace!.id });

  const member = sandbox.member("integration");
  const fields = {
    site: sandbox.site,
    companyId: sandbox.companyId,
    publicKey: member.publicKey,
    privateKey: member.privateKey,
  };
  const check = await checkConnectWiseAction.execute(context, fields);
  if (!check.ok || !check.data.checkId)
    throw new Error(`connect failed: ${check.ok ? check.data.message : check.error}`);
  const applied = await applyConnectWiseAction.execute(context, { ...fields, checkId: check.data.checkId });
  if (!applied.ok) throw new Error(`apply failed: ${applied.error}`);

  const productRows = await db
    .insert(products)
    .values(
      fixtureProducts.map((product) => ({
        ...product,
        workspaceId: workspace!.id,
        description: `${product.name} (benchmark)`,
      })),
    )
    .returning({ id: products.id });
  const catalog = await runCatalogSync(db, {
    workspaceId: workspace!.id,
    jobId: randomUUID(),
    trigger: "manual",
    attempt: 0,
  });
  if (catalog.status !== "succeeded") throw new Error(`catalog publish failed: ${JSON.stringify(catalog)}`);
  const links = await db.select().from(catalogLinks).where(eq(catalogLinks.workspaceId, workspace!.id));
  const ownedCatalogItemIds = new Set(
    links.map((link) => link.cwCatalogItemId).filter((id): id is number => id !== null),
  );

  const usedCompanies = new Set<number>();
  const agreements = sandbox.state
    .agreements()
    .filter((agreement) => agreement.agreementStatus === "Active" && !agreement.cancelledFlag)
    .filter((agreement) => {
      const companyId = (agreement.company as { id: number }).id;
      if (usedCompanies.has(companyId)) return false;
      usedCompanies.add(companyId);
      return true;
    })
    .slice(0, options.organizations);
  if (agreements.length < options.organizations) {
    throw new Error(
      `the sandbox has only ${agreements.length} companies with an active agreement; raise --companies/--agreements`,
    );
  }

  const organizationRows = await db
    .insert(organizations)
    .values(
      agreements.map((_, index) => ({
        workspaceId: workspace!.id,
        externalId: `bench-${index + 1}`,
        name: `Bench Organization ${index + 1}`,
      })),
    )
    .returning({ id: organizations.id });
  const usageRows = organizationRows.flatMap((organization) =>
    productRows.map((product) => ({
      workspaceId: workspace!.id,
      organizationId: organization.id,
      productId: product.id,
      quantity: String(random() < 0.1 ? 0 : 1 + Math.floor(random() * 200)),
    })),
  );
  for (let index = 0; index < usageRows.length; index += 5_000)
    await db.insert(usage).values(usageRows.slice(index, index + 5_000));

  const agreementByOrganization = new Map<string, number>();
  const mappingValues = organizationRows.map((organization, index) => {
    const agreement = agreements[index]!;
    const company = agreement.company as { id: number; identifier: string; name: string };
    agreementByOrganization.set(organization.id, agreement.id as number);
    const id = randomUUID();
    return {
      id,
      workspaceId: workspace!.id,
      organizationId: organization.id,
      cwCompanyId: company.id,
      cwCompanyIdentifier: company.identifier,
      cwCompanyName: company.name,
      cwAgreementId: agreement.id as number,
      cwAgreementName: agreement.name as string,
      syncEnabled: true,
      scheduleOffsetSeconds: computeScheduleOffsetSeconds(id),
    };
  });
  for (let index = 0; index < mappingValues.length; index += 2_000)
    await db.insert(mappings).values(mappingValues.slice(index, index + 2_000));

  const foreignAdditions = new Map<number, string>();
  for (const agreementId of agreementByOrganization.values()) {
    foreignAdditions.set(agreementId, snapshotForeignAdditions(sandbox, agreementId, ownedCatalogItemIds));
  }
  return {
    workspaceId: workspace!.id,
    ownerId: owner!.id,
    mappingIds: mappingValues.map((row) => row.id),
    agreementByOrganization,
    ownedCatalogItemIds,
    foreignAdditions,
  };
}

function snapshotForeignAdditions(sandbox: Sandbox, agreementId: number, owned: Set<number>): string {
  return JSON.stringify(
    sandbox.state
      .additions(agreementId)
      .filter((addition) => !owned.has((addition.product as { id: number }).id))
      .map(({ _info, ...rest }) => rest),
  );
}

/** Changes some usage figures (the platform measured again), for the next cycle. */
export async function driftUsage(db: Database, fixture: SyncFixture, seed: number, share = 0.3): Promise<number> {
  const random = pseudoRandom(seed);
  const rows = await db.select().from(usage).where(eq(usage.workspaceId, fixture.workspaceId));
  let changed = 0;
  for (const row of rows) {
    if (random() >= share) continue;
    const quantity = random() < 0.15 ? 0 : 1 + Math.floor(random() * 250);
    await db
      .update(usage)
      .set({ quantity: String(quantity), measuredAt: new Date() })
      .where(and(eq(usage.organizationId, row.organizationId), eq(usage.productId, row.productId)));
    changed++;
  }
  return changed;
}

export interface Verification {
  agreements: number;
  exact: number;
  mismatched: Array<{ agreementId: number; expected: Record<number, number>; found: Record<number, number[]> }>;
  duplicateAdditions: number;
  foreignTouched: number;
}

/** Compares every mapped agreement in the sandbox with the organization's usage. */
export async function verifyAgreements(db: Database, sandbox: Sandbox, fixture: SyncFixture): Promise<Verification> {
  const links = await db.select().from(catalogLinks).where(eq(catalogLinks.workspaceId, fixture.workspaceId));
  const itemByProduct = new Map(links.map((link) => [link.productId, link.cwCatalogItemId!]));
  const usageRows = await db
    .select()
    .from(usage)
    .where(
      and(
        eq(usage.workspaceId, fixture.workspaceId),
        inArray(usage.organizationId, [...fixture.agreementByOrganization.keys()]),
      ),
    );
  const expected = new Map<number, Record<number, number>>();
  for (const row of usageRows) {
    const agreementId = fixture.agreementByOrganization.get(row.organizationId)!;
    const entry = expected.get(agreementId) ?? {};
    const quantity = Number(row.quantity);
    if (quantity > 0) entry[itemByProduct.get(row.productId)!] = quantity;
    expected.set(agreementId, entry);
  }
  const result: Verification = {
    agreements: expected.size,
    exact: 0,
    mismatched: [],
    duplicateAdditions: 0,
    foreignTouched: 0,
  };
  for (const [agreementId, wanted] of expected) {
    const found: Record<number, number[]> = {};
    for (const addition of sandbox.state.additions(agreementId)) {
      const itemId = (addition.product as { id: number }).id;
      if (!fixture.ownedCatalogItemIds.has(itemId) || addition.cancelledDate) continue;
      if (Number(addition.quantity) === 0) continue; // the "zero" removal policy leaves a live line at 0
      (found[itemId] ??= []).push(Number(addition.quantity));
    }
    result.duplicateAdditions += Object.values(found).reduce(
      (sum, quantities) => sum + Math.max(0, quantities.length - 1),
      0,
    );
    const same =
      Object.keys(wanted).length === Object.keys(found).length &&
      Object.entries(wanted).every(
        ([itemId, quantity]) => found[Number(itemId)]?.length === 1 && found[Number(itemId)]![0] === quantity,
      );
    if (same) result.exact++;
    else result.mismatched.push({ agreementId, expected: wanted, found });
    if (
      snapshotForeignAdditions(sandbox, agreementId, fixture.ownedCatalogItemIds) !==
      fixture.foreignAdditions.get(agreementId)
    )
      result.foreignTouched++;
  }
  return result;
}
