import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { accessRules, leastRoleOf, membershipRoles, roleAllows, roleLabels } from "@/lib/auth/roles";
import { workspaceActions } from "@/lib/actions";
import { actionCases } from "../harness/action-cases";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";

/** The rows of the README's "Who may do what" table: capability, then ✓ or — per role. */
function readmeRoleTable(): Array<{ capability: string; allowed: string[] }> {
  const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
  const section = readme.split("### Who may do what")[1];
  if (!section) throw new Error("README has no '### Who may do what' section");
  const start = section.split("\n").findIndex((line) => line.startsWith("|"));
  const rest = section.split("\n").slice(start);
  const lines = rest.slice(
    0,
    rest.findIndex((line) => !line.startsWith("|")),
  );
  const header = lines[0]!
    .split("|")
    .map((cell) => cell.trim())
    .slice(1, -1);
  return lines.slice(2).map((line) => {
    const cells = line
      .split("|")
      .map((cell) => cell.trim())
      .slice(1, -1);
    return {
      capability: cells[0]!,
      allowed: header.slice(1).filter((_, index) => cells[index + 1] === "✓"),
    };
  });
}

describe("who may do what", () => {
  it("the README's table states exactly the access rules", () => {
    expect(readmeRoleTable()).toEqual(
      accessRules.map((rule) => ({
        capability: rule.capability,
        allowed: membershipRoles
          .filter((role) => (rule.roles as readonly string[]).includes(role))
          .map((role) => roleLabels[role]),
      })),
    );
  });

  it("puts every workspace action in exactly one rule, whose least role is the action's required role", () => {
    const ruled = accessRules.flatMap((rule) => rule.actions.map((name) => ({ name, rule })));
    expect(ruled.map((entry) => entry.name).sort()).toEqual(workspaceActions.map((action) => action.name).sort());
    for (const action of workspaceActions) {
      const { rule } = ruled.find((entry) => entry.name === action.name)!;
      expect(action.role, action.name).toBe(leastRoleOf(rule.roles));
      for (const role of membershipRoles) {
        expect(roleAllows(role, action.role), `${role} → ${action.name}`).toBe(
          (rule.roles as readonly string[]).includes(role),
        );
      }
    }
  });

  describe("against the real actions", () => {
    let workspace: TestWorkspace;
    beforeAll(async () => {
      const { db } = await createTestDatabase();
      workspace = await createTestWorkspace(db, "Roles");
    });

    for (const rule of accessRules) {
      for (const name of rule.actions) {
        const refused = membershipRoles.filter((role) => !(rule.roles as readonly string[]).includes(role));
        if (refused.length === 0) continue;
        it(`refuses ${name} to ${refused.join(", ")}`, async () => {
          const action = workspaceActions.find((candidate) => candidate.name === name)!;
          for (const role of refused) {
            const result = await action.execute(workspace.as(role), actionCases[name]!.input(workspace));
            expect(result, `${role} → ${name}`).toMatchObject({ ok: false, code: "forbidden" });
          }
        });
      }
    }
  });
});
