import { and, count, eq, isNotNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { cwAgreements, cwCompanies, mappings, organizations } from "@/db/schema";
import { importMappingsCsvAction as importMappingsCsv } from "@/lib/actions/mappings";
import { checkMappingImportFile } from "@/lib/schemas/mapping-import";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";

/** The import the dialog promises: 20,000 organizations in one file of more than 1 MB. */
describe("a 20,000-line mapping import", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  const lines = 20_000;

  beforeAll(async () => {
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Large");
    for (let start = 0; start < lines; start += 5_000) {
      await db.insert(organizations).values(
        Array.from({ length: 5_000 }, (_, offset) => ({
          workspaceId: workspace.id,
          externalId: `bulk-${String(start + offset + 1).padStart(5, "0")}`,
          name: `Bulk Customer Organization Number ${start + offset + 1}`,
        })),
      );
    }
    await db.insert(cwCompanies).values([
      { workspaceId: workspace.id, cwId: 250, identifier: "BulkCo", name: "Bulk Company", searchName: "bulk" },
      { workspaceId: workspace.id, cwId: 251, identifier: "OtherCo", name: "Other Company", searchName: "other" },
    ]);
    await db.insert(cwAgreements).values([
      { workspaceId: workspace.id, cwId: 9001, cwCompanyId: 250, name: "Managed Services", status: "Active" },
      { workspaceId: workspace.id, cwId: 9002, cwCompanyId: 251, name: "Managed Services", status: "Active" },
    ]);
  });

  it("maps every organization of the file, sync on where asked", async () => {
    const header =
      "organization_id,organization_name,company_id,company_identifier,company_name,agreement_id,sync_enabled";
    const body = Array.from({ length: lines }, (_, index) => {
      const external = `bulk-${String(index + 1).padStart(5, "0")}`;
      const [companyId, identifier, agreementId] = index % 2 === 0 ? [250, "BulkCo", 9001] : [251, "OtherCo", 9002];
      return `${external},Bulk Customer Organization Number ${index + 1},${companyId},${identifier},"Company, of ${external}",${agreementId},${index % 4 === 0}`;
    });
    const csv = [header, ...body].join("\r\n") + "\r\n";
    const size = Buffer.byteLength(csv);
    expect(size).toBeGreaterThan(1024 * 1024);
    expect(checkMappingImportFile({ size }, csv)).toBeNull();

    const result = await importMappingsCsv.execute(workspace.as("admin"), { csv });
    if (!result.ok) throw new Error(result.error);
    expect(result.data).toMatchObject({ applied: lines, unchanged: 0, errors: [] });
    const [mapped] = await db
      .select({ count: count() })
      .from(mappings)
      .where(and(eq(mappings.workspaceId, workspace.id), isNotNull(mappings.cwAgreementId)));
    expect(mapped!.count).toBe(lines);
    const [syncing] = await db
      .select({ count: count() })
      .from(mappings)
      .where(
        and(eq(mappings.workspaceId, workspace.id), eq(mappings.syncEnabled, true), isNotNull(mappings.nextDueAt)),
      );
    expect(syncing!.count).toBe(lines / 4);

    const again = await importMappingsCsv.execute(workspace.as("admin"), { csv });
    expect(again).toMatchObject({ ok: true, data: { applied: 0, unchanged: lines } });
  }, 240_000);
});
