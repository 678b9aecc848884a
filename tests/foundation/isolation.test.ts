import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { mappings } from "@/db/schema";
import { listOrganizationsWithUsage } from "@/db/queries/organizations";
import { resolveWorkspaceContext } from "@/lib/auth/context";
import { workspaceActions } from "@/lib/actions";
import { createTestDatabase } from "../harness/database";
import { insertQueuedRun } from "@/db/queries/sync";
import { getDirectoryView, getMappingStatuses } from "@/lib/read-models/mapping-table";
import { getOrganizationSyncView } from "@/lib/read-models/organization-sync";
import { actionCases, expectedForeignResult } from "../harness/action-cases";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";

describe("workspace isolation and roles", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let a: TestWorkspace;
  let b: TestWorkspace;
  beforeAll(async () => {
    ({ db } = await createTestDatabase());
    a = await createTestWorkspace(db, "A");
    b = await createTestWorkspace(db, "B");
  });

  it("has an isolation case for every workspace action, each saying what another workspace gets back", () => {
    const missing = workspaceActions.map((action) => action.name).filter((name) => !actionCases[name]);
    expect(missing).toEqual([]);
    const withoutExpectation = Object.entries(actionCases)
      .filter(
        ([, actionCase]) => !("refused" in (actionCase.foreign ?? {})) && !("returns" in (actionCase.foreign ?? {})),
      )
      .map(([name]) => name);
    expect(withoutExpectation).toEqual([]);
  });

  it("refuses a member of B who asks to act in A", async () => {
    await expect(resolveWorkspaceContext(db, { userId: b.users.owner.id, requestedWorkspaceId: a.id })).rejects.toThrow(
      "You are not a member of that workspace.",
    );
  });

  it("lets a member switch only to a workspace of their own", async () => {
    const select = workspaceActions.find((action) => action.name === "workspaces.select")!;
    expect(await select.execute(b.as("owner"), { workspaceId: a.id })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await select.execute(b.as("viewer"), { workspaceId: b.id })).toMatchObject({
      ok: true,
      data: { workspaceId: b.id },
    });
  });

  it("never lists A's organizations to B", async () => {
    const contextB = await b.as("owner");
    const { rows, total } = await listOrganizationsWithUsage(db, {
      workspaceId: contextB.workspace.id,
      page: 1,
      pageSize: 100,
    });
    expect(total).toBe(b.organizationIds.length);
    expect(rows.every((row) => b.organizationIds.includes(row.id))).toBe(true);
    const searchForA = await listOrganizationsWithUsage(db, {
      workspaceId: contextB.workspace.id,
      search: "A Alpha",
      page: 1,
      pageSize: 100,
    });
    expect(searchForA.total).toBe(0);
  });

  for (const action of workspaceActions) {
    describe(action.name, () => {
      it("gives B's owner a refusal or B's own data for A's ids, and changes nothing of A", async () => {
        const actionCase = actionCases[action.name]!;
        const before = await actionCase.probe(db, a);
        const result = await action.execute(b.as("owner"), actionCase.input(a));
        expect(result).toEqual(expectedForeignResult(actionCase.foreign, b, a));
        expect(await actionCase.probe(db, a)).toEqual(before);
      });

      if (action.role !== "viewer") {
        it("is refused to a viewer of A, and changes nothing", async () => {
          const actionCase = actionCases[action.name]!;
          const before = await actionCase.probe(db, a);
          const result = await action.execute(a.as("viewer"), actionCase.input(a));
          expect(result).toMatchObject({ ok: false, code: "forbidden" });
          expect(await actionCase.probe(db, a)).toEqual(before);
        });
      }

      if (action.role === "admin" || action.role === "owner") {
        it("is refused to a billing member of A, who approves and changes nothing else", async () => {
          const actionCase = actionCases[action.name]!;
          const before = await actionCase.probe(db, a);
          const result = await action.execute(a.as("billing"), actionCase.input(a));
          expect(result).toMatchObject({ ok: false, code: "forbidden" });
          expect(await actionCase.probe(db, a)).toEqual(before);
        });
      }
    });
  }

  it("never shows A's run details, mapping statuses or directory to B", async () => {
    // A has a mapping with a run and a directory (the action cases' probes create them).
    await actionCases["sync.now"]!.probe(db, a);
    await actionCases["mappings.save"]!.probe(db, a);
    const contextA = await a.as("owner");
    const [mapping] = await db.select().from(mappings).where(eq(mappings.organizationId, a.organizationIds[0]!));
    await insertQueuedRun(db, {
      workspaceId: a.id,
      mappingId: mapping!.id,
      organizationId: a.organizationIds[0]!,
      trigger: "manual",
      cwAgreementId: 1,
    });
    const viewA = await getOrganizationSyncView(contextA, { organizationId: a.organizationIds[0]! });
    expect(viewA?.runs).toHaveLength(1);
    expect((await getDirectoryView(db, { workspaceId: a.id })).companies).toBe(1);
    expect(await getMappingStatuses(contextA, [a.organizationIds[0]!])).toHaveLength(1);

    const contextB = await b.as("owner");
    expect(await getOrganizationSyncView(contextB, { organizationId: a.organizationIds[0]! })).toBeNull();
    expect(await getMappingStatuses(contextB, a.organizationIds)).toEqual([]);
    expect(await getDirectoryView(db, { workspaceId: contextB.workspace.id })).toMatchObject({
      companies: 0,
      state: "never",
    });
  });

  it("lets A's admin run the usage snapshot for A only", async () => {
    const snapshot = workspaceActions.find((action) => action.name === "usage.snapshot")!;
    const probe = actionCases["usage.snapshot"]!.probe;
    const bBefore = await probe(db, b);
    const result = await snapshot.execute(a.as("admin"), {});
    expect(result).toMatchObject({ ok: true, data: { rows: a.organizationIds.length * a.productIds.length } });
    expect(await probe(db, a)).toBe(a.organizationIds.length * a.productIds.length);
    expect(await probe(db, b)).toBe(bBefore);
  });
});
