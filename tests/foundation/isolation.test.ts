import { beforeAll, describe, expect, it } from "vitest";
import { listOrganizationsWithUsage } from "@/db/queries/organizations";
import { resolveWorkspaceContext } from "@/lib/auth/context";
import { workspaceActions } from "@/lib/actions";
import { createTestDatabase } from "../harness/database";
import { actionCases } from "../harness/action-cases";
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

  it("has an isolation case for every workspace action", () => {
    const missing = workspaceActions.map((action) => action.name).filter((name) => !actionCases[name]);
    expect(missing).toEqual([]);
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
      it("changes nothing of A when B's owner runs it with A's ids", async () => {
        const actionCase = actionCases[action.name]!;
        const before = await actionCase.probe(db, a);
        await action.execute(b.as("owner"), actionCase.input(a));
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
    });
  }

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
