import { and, eq } from "drizzle-orm";
import type { Database } from "@/db";
import { insertQueuedRun, listRunsWithChanges } from "@/db/queries/sync";
import { catalogLinks, mappings, psaConnections, usage } from "@/db/schema";
import { connectWiseClientForWorkspace } from "@/lib/connection/client-for-workspace";
import { applyConnectWiseAction, checkConnectWiseAction } from "@/lib/actions/connectwise";
import { runOrganizationSync } from "@/lib/sync/run-organization-sync";
import type { Sandbox } from "@/sandbox/index";
import type { TestWorkspace } from "../harness/workspaces";

/** Connects the workspace to the sandbox as `memberName`, through the real Connect and Apply actions. */
export async function connectWorkspace(
  sandbox: Sandbox,
  workspace: TestWorkspace,
  memberName = "integration",
): Promise<void> {
  const member = sandbox.member(memberName);
  const fields = {
    site: sandbox.site,
    companyId: sandbox.companyId,
    publicKey: member.publicKey,
    privateKey: member.privateKey,
  };
  const check = await checkConnectWiseAction.execute(workspace.as("admin"), fields);
  if (!check.ok || !check.data.checkId) throw new Error(`connect failed: ${JSON.stringify(check)}`);
  const applied = await applyConnectWiseAction.execute(workspace.as("admin"), {
    ...fields,
    checkId: check.data.checkId,
  });
  if (!applied.ok) throw new Error(`apply failed: ${applied.error}`);
}

/**
 * Publishes the workspace's products to the sandbox catalog the way catalog publishing will (a
 * catalog item each) and records the catalog links. Returns catalog item ids by product id.
 */
export async function publishProducts(db: Database, workspace: TestWorkspace): Promise<Map<string, number>> {
  const { client } = await connectWiseClientForWorkspace(db, { workspaceId: workspace.id });
  const [type] = await client.listProductTypes();
  const [subcategory] = await client.listSubcategories();
  const items = new Map<string, number>();
  for (const [index, productId] of workspace.productIds.entries()) {
    const identifier = `${workspace.slug}-P${index}`.slice(0, 60).toUpperCase();
    const item = await client.createCatalogItem({
      identifier,
      description: `Product ${index} of ${workspace.slug}`.slice(0, 60),
      customerDescription: "Test product",
      productTypeId: type!.id,
      subcategoryId: subcategory!.id,
      price: 9,
      cost: 5,
    });
    await db.insert(catalogLinks).values({
      workspaceId: workspace.id,
      productId,
      cwCatalogItemId: item.id,
      cwIdentifier: identifier,
      state: "published",
    });
    items.set(productId, item.id);
  }
  return items;
}

/** A live agreement in the sandbox that already carries additions of other catalog items. */
export function pickAgreementWithForeignAdditions(
  sandbox: Sandbox,
  skip: number[] = [],
): { id: number; companyId: number; name: string } {
  const agreement = sandbox.state
    .agreements()
    .find(
      (candidate) =>
        !skip.includes(candidate.id as number) &&
        !candidate.cancelledFlag &&
        candidate.agreementStatus === "Active" &&
        sandbox.state.additions(candidate.id as number).some((addition) => !addition.cancelledDate),
    );
  if (!agreement) throw new Error("no active agreement with additions in the sandbox scenario");
  return {
    id: agreement.id as number,
    companyId: (agreement.company as { id: number }).id,
    name: agreement.name as string,
  };
}

export async function mapOrganization(
  db: Database,
  params: {
    workspace: TestWorkspace;
    organizationId: string;
    agreement: { id: number; companyId: number; name: string };
  },
): Promise<string> {
  const [row] = await db
    .insert(mappings)
    .values({
      workspaceId: params.workspace.id,
      organizationId: params.organizationId,
      cwCompanyId: params.agreement.companyId,
      cwAgreementId: params.agreement.id,
      cwAgreementName: params.agreement.name,
      syncEnabled: true,
    })
    .returning({ id: mappings.id });
  return row!.id;
}

export async function setUsage(
  db: Database,
  params: { organizationId: string; productId: string; quantity: number },
): Promise<void> {
  await db
    .update(usage)
    .set({ quantity: String(params.quantity), measuredAt: new Date() })
    .where(and(eq(usage.organizationId, params.organizationId), eq(usage.productId, params.productId)));
}

export async function setSyncPolicy(
  db: Database,
  workspaceId: string,
  policy: { removal: "cancel" | "zero"; drift: "overwrite" | "keep"; managePrice: boolean },
) {
  await db.update(psaConnections).set({ syncPolicy: policy }).where(eq(psaConnections.workspaceId, workspaceId));
}

/** One run, start to end, in this process (the job handler's work without the queue). */
export async function syncOnce(
  db: Database,
  params: { workspace: TestWorkspace; mappingId: string; organizationId: string; willRetry?: boolean },
) {
  const run = await insertQueuedRun(db, {
    workspaceId: params.workspace.id,
    mappingId: params.mappingId,
    organizationId: params.organizationId,
    trigger: "manual",
    cwAgreementId: null,
  });
  const outcome = await runOrganizationSync(db, {
    workspaceId: params.workspace.id,
    mappingId: params.mappingId,
    runId: run.id,
    attempt: 0,
    willRetry: params.willRetry ?? false,
  });
  const [recorded] = await listRunsWithChanges(db, {
    workspaceId: params.workspace.id,
    mappingId: params.mappingId,
    limit: 1,
  });
  return { outcome, run: recorded!.run, changes: recorded!.changes };
}

/** The sandbox's additions of one agreement, live ones only unless asked. */
export function readAdditions(sandbox: Sandbox, agreementId: number, options: { includeCancelled?: boolean } = {}) {
  return sandbox.state
    .additions(agreementId)
    .filter((addition) => options.includeCancelled || !addition.cancelledDate)
    .map((addition) => ({
      id: addition.id as number,
      catalogItemId: (addition.product as { id: number }).id,
      quantity: addition.quantity as number,
      cancelledDate: (addition.cancelledDate as string | null | undefined) ?? null,
      unitPrice: addition.unitPrice as number | null,
    }));
}
