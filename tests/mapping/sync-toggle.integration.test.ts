import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mappings } from "@/db/schema";
import { refreshCompanyDirectory } from "@/lib/mapping/run-directory-refresh";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { saveMappingAction, setMappingSyncAction } from "@/lib/actions/mappings";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";
import {
  connectWorkspace,
  pickAgreementWithForeignAdditions,
  publishProducts,
  readAdditions,
  syncOnce,
} from "../sync-engine/sync-harness";
import { useSandboxTransport } from "../harness/sandbox-transport";

describe("the sync toggle with the usage sync", () => {
  let sandbox: Sandbox;
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  let items: Map<string, number>;
  let agreement: { id: number; companyId: number; name: string };

  beforeAll(async () => {
    useSandboxTransport();
    sandbox = await startSandbox({ scenario: "demo", seed: 5 });
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Toggle");
    await connectWorkspace(sandbox, workspace);
    items = await publishProducts(db, workspace);
    await refreshCompanyDirectory(db, { workspaceId: workspace.id });
    agreement = pickAgreementWithForeignAdditions(sandbox);
  }, 60_000);
  afterAll(async () => {
    setConnectWiseTransportOverrides({});
    await sandbox?.stop();
  });

  const ours = (agreementId: number) =>
    readAdditions(sandbox, agreementId).filter((addition) => [...items.values()].includes(addition.catalogItemId));

  it("turning off with 'cancel' cancels the additions Billbridge wrote, and only those", async () => {
    const organizationId = workspace.organizationIds[0]!;
    const saved = await saveMappingAction.execute(workspace.as("admin"), {
      organizationId,
      companyId: agreement.companyId,
      agreementId: agreement.id,
    });
    if (!saved.ok) throw new Error(saved.error);
    const enabled = await setMappingSyncAction.execute(workspace.as("admin"), {
      organizationIds: [organizationId],
      enabled: true,
    });
    expect(enabled).toMatchObject({ ok: true, data: { changed: 1 } });
    const [mapping] = await db.select().from(mappings).where(eq(mappings.organizationId, organizationId));
    const { run } = await syncOnce(db, { workspace, mappingId: mapping!.id, organizationId });
    expect(run.state).toBe("succeeded");
    expect(ours(agreement.id).length).toBe(workspace.productIds.length);
    const foreign = readAdditions(sandbox, agreement.id).filter(
      (addition) => ![...items.values()].includes(addition.catalogItemId),
    );

    const disabled = await setMappingSyncAction.execute(workspace.as("admin"), {
      organizationIds: [organizationId],
      enabled: false,
      additions: "cancel",
    });
    expect(disabled).toMatchObject({
      ok: true,
      data: { changed: 1, cancelled: workspace.productIds.length, failures: [] },
    });
    expect(ours(agreement.id)).toEqual([]);
    expect(
      readAdditions(sandbox, agreement.id).filter((addition) => ![...items.values()].includes(addition.catalogItemId)),
    ).toEqual(foreign);
    const [after] = await db.select().from(mappings).where(eq(mappings.organizationId, organizationId));
    expect(after).toMatchObject({ syncEnabled: false, nextDueAt: null });
  });

  it("turning off with 'leave' keeps them", async () => {
    const organizationId = workspace.organizationIds[1]!;
    const other = pickAgreementWithForeignAdditions(sandbox, [agreement.id]);
    const saved = await saveMappingAction.execute(workspace.as("admin"), {
      organizationId,
      companyId: other.companyId,
      agreementId: other.id,
    });
    if (!saved.ok) throw new Error(saved.error);
    await setMappingSyncAction.execute(workspace.as("admin"), { organizationIds: [organizationId], enabled: true });
    const [mapping] = await db.select().from(mappings).where(eq(mappings.organizationId, organizationId));
    await syncOnce(db, { workspace, mappingId: mapping!.id, organizationId });
    const written = ours(other.id);
    expect(written.length).toBe(workspace.productIds.length);
    const result = await setMappingSyncAction.execute(workspace.as("admin"), {
      organizationIds: [organizationId],
      enabled: false,
      additions: "leave",
    });
    expect(result).toMatchObject({ ok: true, data: { changed: 1, cancelled: 0 } });
    expect(ours(other.id)).toEqual(written);
  });
});
