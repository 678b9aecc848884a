import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvents, mappings, organizations, syncRuns } from "@/db/schema";
import { demoOrganizations } from "@/db/seed/demo-organizations";
import { refreshCompanyDirectory } from "@/lib/mapping/run-directory-refresh";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import {
  acceptAutoMatchesAction,
  clearMappingsAction,
  exportMappingsCsvAction,
  importMappingsCsvAction,
  listAgreementsAction,
  previewAutoMatchAction,
  saveMappingAction,
  searchCompaniesAction,
  setMappingSyncAction,
} from "@/lib/actions/mappings";
import { getMappingStatuses, getMappingTable, mappingTableQuerySchema } from "@/lib/read-models/mapping-table";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { DEMO_COUNTERPARTS } from "@/sandbox/scenarios/demo";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";
import { addSandboxCompanies } from "../harness/sandbox-companies";
import { connectWorkspaceToSandbox } from "./connect-sandbox";

describe("the mapping table on the demo data", () => {
  let sandbox: Sandbox;
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  let organizationIdByName: Map<string, string>;
  const companyByName = (name: string) =>
    sandbox.state.companies().find((company) => company.name === name && company.deletedFlag !== true)!;

  async function search(query: string) {
    const result = await searchCompaniesAction.execute(workspace.as("admin"), { query });
    if (!result.ok) throw new Error(result.error);
    return result.data.map((company) => company.name);
  }

  async function mappingOf(organizationName: string) {
    const [row] = await db
      .select()
      .from(mappings)
      .where(eq(mappings.organizationId, organizationIdByName.get(organizationName)!));
    return row ?? null;
  }

  /** Accepts the auto-match suggestions of three organizations: Fabrikam mapped fully, Wingtip without agreement. */
  async function acceptThree() {
    const ids = ["Fabrikam, Inc.", "Wingtip Toys", "Trey Research"].map((name) => organizationIdByName.get(name)!);
    const result = await acceptAutoMatchesAction.execute(workspace.as("admin"), { organizationIds: ids });
    if (!result.ok) throw new Error(result.error);
  }

  /** Maps an organization to Contoso Limited, whose only active agreement is preselected. */
  async function mapContoso(organizationName = "Contoso Ltd") {
    const result = await saveMappingAction.execute(workspace.as("admin"), {
      organizationId: organizationIdByName.get(organizationName),
      companyId: Number(companyByName("Contoso Limited").id),
    });
    if (!result.ok) throw new Error(result.error);
    return result.data.row;
  }

  beforeAll(async () => {
    setConnectWiseTransportOverrides({ retryPolicy: { retryAfterScale: 0.001, baseDelayMs: 5, maxDelayMs: 20 } });
    ({ db } = await createTestDatabase());
  });
  // Each test starts from its own ConnectWise and workspace (the demo organizations, none mapped, the
  // directory read), so that it runs alone or in any order; tests that need mappings make them.
  beforeEach(async () => {
    process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
    sandbox = await startSandbox({ scenario: "demo", seed: 1 });
    workspace = await createTestWorkspace(db, "Demo");
    const inserted = await db
      .insert(organizations)
      .values(demoOrganizations.map((organization) => ({ ...organization, workspaceId: workspace.id })))
      .returning({ id: organizations.id, name: organizations.name });
    organizationIdByName = new Map(inserted.map((row) => [row.name, row.id]));
    await connectWorkspaceToSandbox(workspace, sandbox);
    await refreshCompanyDirectory(db, { workspaceId: workspace.id });
  }, 60_000);
  afterEach(async () => {
    await sandbox?.stop();
  });
  afterAll(() => setConnectWiseTransportOverrides({}));

  describe("company search", () => {
    it("finds companies despite typos, accents, punctuation and legal suffixes", async () => {
      expect((await search("Contoso Ltd"))[0]).toBe("Contoso Limited");
      expect((await search("Müller Bäckerei"))[0]).toBe("Muller Backerei GmbH");
      expect((await search("Northwnd Tradrs"))[0]).toBe("Northwind Traders");
      expect((await search("Café Société SARL"))[0]).toBe("Cafe Societe");
      expect((await search("fabrikam, inc."))[0]).toBe("Fabrikam Inc");
      expect((await search("Sorensen"))[0]).toBe("Sørensen Arkitekter A/S");
      expect((await search("Jürgen's Autohaus"))[0]).toBe("Jurgens Autohaus GmbH & Co KG");
      expect(await search("Wingtip")).toContain("Wingtip Toys Inc");
    });

    it("finds a company by its identifier, and leaves deleted companies out", async () => {
      expect((await search("ZabkaLog"))[0]).toBe("Zabka Logistics Sp. z o.o.");
      expect(await search("Bayside Auto Repair")).not.toContain("Bayside Auto Repair");
      expect(await search("Wingtip")).not.toContain("Wingtip Toys (OLD - do not use)");
    });

    it("finds any fragment of a name in any script, and German transliterations both ways", async () => {
      const added = [
        "トヨタ自動車株式会社",
        "株式会社さくらインターネット",
        "台湾积体电路制造股份有限公司",
        "บริษัท ปูนซิเมนต์ไทย จำกัด (มหาชน)",
        "삼성전자 주식회사",
        "Mueller Baeckerei Koeln GmbH",
        "Großhandel Weiß AG",
        "Nordic Hvac Oy",
      ];
      await addSandboxCompanies(sandbox.url, added);
      await refreshCompanyDirectory(db, { workspaceId: workspace.id });
      // Japanese, Chinese, Thai and Korean fragments: one, two and three characters from the middle of a name.
      expect(await search("自動")).toContain("トヨタ自動車株式会社");
      expect(await search("車")).toContain("トヨタ自動車株式会社");
      expect((await search("トヨタ"))[0]).toBe("トヨタ自動車株式会社");
      expect((await search("さくら"))[0]).toBe("株式会社さくらインターネット");
      expect((await search("株式会社さくら"))[0]).toBe("株式会社さくらインターネット");
      expect(await search("电路")).toContain("台湾积体电路制造股份有限公司");
      expect(await search("ซิเมนต์")).toContain("บริษัท ปูนซิเมนต์ไทย จำกัด (มหาชน)");
      expect(await search("전자")).toContain("삼성전자 주식회사");
      // German: the umlaut, the bare letter and the transliteration find one another.
      expect((await search("Müller Bäckerei Köln"))[0]).toBe("Mueller Baeckerei Koeln GmbH");
      expect(await search("Muller")).toContain("Mueller Baeckerei Koeln GmbH");
      expect((await search("Mueller Baeckerei"))[0]).toBe("Muller Backerei GmbH");
      expect(await search("Grosshandel Weiss")).toContain("Großhandel Weiß AG");
      // A fragment from inside a Latin word, and a typo still tolerated.
      expect(await search("hvac")).toContain("Nordic Hvac Oy");
      expect(await search("ckerei")).toContain("Muller Backerei GmbH");
      expect((await search("Northwnd Tradrs"))[0]).toBe("Northwind Traders");
    });

    it("answers at most 20 companies, with an empty query too", async () => {
      expect((await search("")).length).toBe(20);
      expect((await search("a")).length).toBeLessThanOrEqual(20);
    });
  });

  describe("auto-match", () => {
    it("suggests only correct companies with high confidence on the demo data, and most of them", async () => {
      const result = await previewAutoMatchAction.execute(workspace.as("admin"), {});
      if (!result.ok) throw new Error(result.error);
      const counterpartOf = new Map<string, string>();
      for (const company of DEMO_COUNTERPARTS)
        for (const organization of company.counterpartOf ?? []) counterpartOf.set(organization, company.name);
      const proposals = result.data.proposals;
      const correct = proposals.filter(
        (proposal) => counterpartOf.get(proposal.organizationName) === proposal.company.name,
      );
      // Precision: every high-confidence suggestion is the organization's real counterpart.
      expect(proposals.filter((proposal) => !correct.includes(proposal))).toEqual([]);
      // Recall: nearly every organization with a counterpart gets one.
      expect(correct.length).toBeGreaterThanOrEqual(counterpartOf.size - 2);
      for (const none of ["Trey Research", "Relecloud", "Consolidated Messenger"]) {
        expect(proposals.map((proposal) => proposal.organizationName)).not.toContain(none);
      }
    });

    it("shows suggestions inline for unmapped rows of the page", async () => {
      const table = await getMappingTable(await workspace.as("viewer"), mappingTableQuerySchema.parse({ q: "Müller" }));
      expect(table.rows[0]!.suggestion).toMatchObject({ name: "Muller Backerei GmbH", confidence: "high" });
    });

    it("accepts the high-confidence suggestions with their only active agreement, never turning sync on", async () => {
      const ids = [
        organizationIdByName.get("Fabrikam, Inc.")!,
        organizationIdByName.get("Wingtip Toys")!,
        organizationIdByName.get("Trey Research")!,
      ];
      const result = await acceptAutoMatchesAction.execute(workspace.as("admin"), { organizationIds: ids });
      expect(result).toMatchObject({ ok: true, data: { accepted: 2, withoutAgreement: 1 } });
      const fabrikam = await mappingOf("Fabrikam, Inc.");
      const activeAgreement = sandbox.state
        .agreements(Number(companyByName("Fabrikam Inc").id))
        .find((agreement) => agreement.agreementStatus === "Active" || !agreement.cancelledFlag);
      expect(fabrikam).toMatchObject({ cwCompanyName: "Fabrikam Inc", syncEnabled: false });
      expect(fabrikam!.cwAgreementId).toBe(Number(activeAgreement!.id));
      // Wingtip Toys Inc has two active agreements: none is chosen for the admin.
      expect(await mappingOf("Wingtip Toys")).toMatchObject({
        cwCompanyName: "Wingtip Toys Inc",
        cwAgreementId: null,
        syncEnabled: false,
      });
      expect(await mappingOf("Trey Research")).toBeNull();
    });
  });

  describe("mapping rules", () => {
    it("lists a company's agreements from ConnectWise, hiding nothing the server should not decide", async () => {
      const company = companyByName("Wingtip Toys Inc");
      const result = await listAgreementsAction.execute(workspace.as("admin"), { companyId: Number(company.id) });
      if (!result.ok) throw new Error(result.error);
      expect(result.data.agreements.map((agreement) => agreement.id).sort()).toEqual(
        sandbox.state
          .agreements(Number(company.id))
          .map((agreement) => Number(agreement.id))
          .sort(),
      );
      expect(result.data.warning).toBeNull();
    });

    it("refuses an agreement of another company", async () => {
      const contoso = companyByName("Contoso Limited");
      const other = sandbox.state.agreements(Number(companyByName("Fabrikam Inc").id))[0]!;
      const result = await saveMappingAction.execute(workspace.as("admin"), {
        organizationId: organizationIdByName.get("Contoso Ltd"),
        companyId: Number(contoso.id),
        agreementId: Number(other.id),
      });
      expect(result).toMatchObject({ ok: false, code: "agreement-mismatch" });
      expect(await mappingOf("Contoso Ltd")).toBeNull();
    });

    it("refuses a company that is not in the directory (deleted)", async () => {
      const deleted = sandbox.state.companies().find((company) => company.deletedFlag === true)!;
      const result = await saveMappingAction.execute(workspace.as("admin"), {
        organizationId: organizationIdByName.get("Contoso Ltd"),
        companyId: Number(deleted.id),
      });
      expect(result).toMatchObject({ ok: false, code: "unknown-company" });
    });

    it("preselects the only active agreement and warns when two organizations share an agreement", async () => {
      const contoso = companyByName("Contoso Limited");
      const first = await saveMappingAction.execute(workspace.as("admin"), {
        organizationId: organizationIdByName.get("Contoso Ltd"),
        companyId: Number(contoso.id),
      });
      if (!first.ok) throw new Error(first.error);
      expect(first.data.row.agreementId).not.toBeNull();
      expect(first.data.warnings).toEqual([]);
      const second = await saveMappingAction.execute(workspace.as("admin"), {
        organizationId: organizationIdByName.get("Contoso, Ltd."),
        companyId: Number(contoso.id),
        agreementId: first.data.row.agreementId,
      });
      if (!second.ok) throw new Error(second.error);
      expect(second.data.warnings[0]).toContain(
        "This agreement is shared with Contoso Ltd: each organization bills its own lines on it",
      );
      const table = await getMappingTable(
        await workspace.as("viewer"),
        mappingTableQuerySchema.parse({ q: "Contoso" }),
      );
      expect(table.rows.map((row) => row.sharesAgreementWith)).toEqual([["Contoso, Ltd."], ["Contoso Ltd"]]);
    });

    it("keeps the display names so the table renders without ConnectWise", async () => {
      await mapContoso();
      await sandbox.stop();
      const table = await getMappingTable(
        await workspace.as("viewer"),
        mappingTableQuerySchema.parse({ filter: "mapped" }),
      );
      expect(table.rows.find((row) => row.organizationName === "Contoso Ltd")).toMatchObject({
        companyName: "Contoso Limited",
        companyIdentifier: "ContosoLtd",
      });
      expect(table.rows.find((row) => row.organizationName === "Contoso Ltd")!.agreementName).toBeTruthy();
      sandbox = await startSandbox({ scenario: "demo", seed: 1, port: Number(new URL(sandbox.site).port) });
    });
  });

  describe("sync toggle", () => {
    it("turns on only for a complete mapping", async () => {
      await acceptThree();
      const result = await setMappingSyncAction.execute(workspace.as("admin"), {
        organizationIds: [organizationIdByName.get("Wingtip Toys")!],
        enabled: true,
      });
      expect(result).toMatchObject({ ok: false, code: "incomplete-mapping" });
      expect(await mappingOf("Wingtip Toys")).toMatchObject({ syncEnabled: false });
    });

    it("turning on queues the first sync, and the row's status shows it", async () => {
      await mapContoso();
      const organizationId = organizationIdByName.get("Contoso Ltd")!;
      const result = await setMappingSyncAction.execute(workspace.as("admin"), {
        organizationIds: [organizationId],
        enabled: true,
      });
      expect(result).toMatchObject({ ok: true, data: { changed: 1, skipped: 0 } });
      const mapping = await mappingOf("Contoso Ltd");
      expect(mapping).toMatchObject({ syncEnabled: true, lastRunState: "queued" });
      const runs = await db
        .select()
        .from(syncRuns)
        .where(and(eq(syncRuns.workspaceId, workspace.id), eq(syncRuns.mappingId, mapping!.id)));
      expect(runs).toHaveLength(1);
      const statuses = await getMappingStatuses(await workspace.as("viewer"), [organizationId]);
      expect(statuses).toEqual([
        expect.objectContaining({ organizationId, syncEnabled: true, lastRunState: "queued", lastRunId: runs[0]!.id }),
      ]);
    });

    it("turning off leaves the additions when asked to", async () => {
      await mapContoso();
      await setMappingSyncAction.execute(workspace.as("admin"), {
        organizationIds: [organizationIdByName.get("Contoso Ltd")!],
        enabled: true,
      });
      const result = await setMappingSyncAction.execute(workspace.as("admin"), {
        organizationIds: [organizationIdByName.get("Contoso Ltd")!],
        enabled: false,
        additions: "leave",
      });
      expect(result).toMatchObject({ ok: true, data: { changed: 1, cancelled: 0 } });
      expect(await mappingOf("Contoso Ltd")).toMatchObject({ syncEnabled: false, nextDueAt: null });
    });

    it("changing the agreement of a syncing organization turns its sync off and says so", async () => {
      await mapContoso("Contoso, Ltd.");
      const organizationId = organizationIdByName.get("Contoso, Ltd.")!;
      await setMappingSyncAction.execute(workspace.as("admin"), { organizationIds: [organizationId], enabled: true });
      const result = await saveMappingAction.execute(workspace.as("admin"), {
        organizationId,
        companyId: Number(companyByName("Fabrikam Inc").id),
      });
      if (!result.ok) throw new Error(result.error);
      expect(result.data.row.syncEnabled).toBe(false);
      expect(result.data.warnings[0]).toContain("Sync was turned off");
    });
  });

  describe("CSV and bulk actions", () => {
    it("exports and re-imports without changes, and a bad file changes nothing", async () => {
      await acceptThree();
      await mapContoso();
      const exported = await exportMappingsCsvAction.execute(workspace.as("viewer"), {});
      if (!exported.ok) throw new Error(exported.error);
      expect(exported.data.rows).toBe(demoOrganizations.length + workspace.organizationIds.length);
      expect(exported.data.csv).toContain("Contoso Limited");
      const reimported = await importMappingsCsvAction.execute(workspace.as("admin"), { csv: exported.data.csv });
      expect(reimported).toMatchObject({ ok: true, data: { applied: 0, errors: [] } });

      const before = await db.select().from(mappings).where(eq(mappings.workspaceId, workspace.id));
      const broken = exported.data.csv
        .replace(/\r\norg-1003,/, "\r\norg-9999,")
        .replace(/\r\norg-1010,Wide World Importers,[^,]*,/, "\r\norg-1010,Wide World Importers,not-a-number,");
      const refused = await importMappingsCsvAction.execute(workspace.as("admin"), { csv: broken });
      if (!refused.ok) throw new Error(refused.error);
      expect(refused.data.applied).toBe(0);
      expect(refused.data.errors.map((error) => error.message).join("\n")).toMatch(
        /org-9999[\s\S]*not a ConnectWise company id/,
      );
      expect(await db.select().from(mappings).where(eq(mappings.workspaceId, workspace.id))).toEqual(before);
    });

    it("refuses a cancelled agreement through the import as the table does, and sync stays off", async () => {
      const cancelled = sandbox.state
        .agreements()
        .find((agreement) => agreement.cancelledFlag === true && agreement.company)!;
      const company = sandbox.state
        .companies()
        .find((candidate) => candidate.id === (cancelled.company as { id: number }).id)!;
      const before = await db.select().from(mappings).where(eq(mappings.workspaceId, workspace.id));
      const csv = `organization_id,company_id,agreement_id,sync_enabled\r\norg-1014,${company.id},${cancelled.id},true\r\n`;
      const imported = await importMappingsCsvAction.execute(workspace.as("admin"), { csv });
      if (!imported.ok) throw new Error(imported.error);
      expect(imported.data.applied).toBe(0);
      expect(imported.data.errors).toEqual([
        {
          line: 2,
          message: `Agreement ${cancelled.id} ("${cancelled.name}") is cancelled in ConnectWise: usage cannot be billed on it`,
        },
      ]);
      expect(await db.select().from(mappings).where(eq(mappings.workspaceId, workspace.id))).toEqual(before);
      const saved = await saveMappingAction.execute(workspace.as("admin"), {
        organizationId: organizationIdByName.get("Alpine Ski House"),
        companyId: Number(company.id),
        agreementId: Number(cancelled.id),
      });
      expect(saved).toMatchObject({ ok: false, code: "agreement-cancelled" });
    });

    it("imports a file that maps and clears organizations", async () => {
      await acceptThree();
      const alpine = companyByName("Alpine Ski House Inc");
      const agreement = sandbox.state.agreements(Number(alpine.id))[0]!;
      const csv = `organization_id,company_identifier,agreement_id,sync_enabled\r\norg-1014,${alpine.identifier},${agreement.id},false\r\norg-1007,,,false\r\n`;
      const result = await importMappingsCsvAction.execute(workspace.as("admin"), { csv });
      expect(result).toMatchObject({ ok: true, data: { applied: 2 } });
      expect(await mappingOf("Alpine Ski House")).toMatchObject({
        cwCompanyId: Number(alpine.id),
        cwAgreementId: Number(agreement.id),
      });
      expect(await mappingOf("Fabrikam, Inc.")).toMatchObject({ cwCompanyId: null, cwAgreementId: null });
    });

    it("clears selected mappings", async () => {
      const mapped = await saveMappingAction.execute(workspace.as("admin"), {
        organizationId: organizationIdByName.get("Alpine Ski House"),
        companyId: Number(companyByName("Alpine Ski House Inc").id),
      });
      expect(mapped).toMatchObject({ ok: true });
      const result = await clearMappingsAction.execute(workspace.as("admin"), {
        organizationIds: [organizationIdByName.get("Alpine Ski House")!, organizationIdByName.get("Tailspin Toys")!],
      });
      expect(result).toMatchObject({ ok: true, data: { cleared: 1 } });
      expect(await mappingOf("Alpine Ski House")).toMatchObject({ cwCompanyId: null, syncEnabled: false });
    });
  });

  describe("audit log", () => {
    it("records every kind of mapping change, with who and the off-boarding choice", async () => {
      // One of each change, as an admin: map, auto-match, sync on and off, import, clear.
      await mapContoso();
      await acceptThree();
      const contosoId = organizationIdByName.get("Contoso Ltd")!;
      const admin = workspace.as("admin");
      expect(await setMappingSyncAction.execute(admin, { organizationIds: [contosoId], enabled: true })).toMatchObject({
        ok: true,
      });
      expect(
        await setMappingSyncAction.execute(admin, { organizationIds: [contosoId], enabled: false, additions: "leave" }),
      ).toMatchObject({ ok: true });
      const alpine = companyByName("Alpine Ski House Inc");
      const agreement = sandbox.state.agreements(Number(alpine.id))[0]!;
      const csv = `organization_id,company_identifier,agreement_id,sync_enabled\r\norg-1014,${alpine.identifier},${agreement.id},false\r\norg-1007,,,false\r\n`;
      expect(await importMappingsCsvAction.execute(admin, { csv })).toMatchObject({ ok: true, data: { applied: 2 } });
      expect(await clearMappingsAction.execute(admin, { organizationIds: [contosoId] })).toMatchObject({
        ok: true,
        data: { cleared: 1 },
      });
      const events = (await db.select().from(auditEvents).where(eq(auditEvents.workspaceId, workspace.id))).filter(
        (event) => event.action.startsWith("mapping."),
      );
      expect(new Set(events.map((event) => event.action))).toEqual(
        new Set([
          "mapping.saved",
          "mapping.auto-matched",
          "mapping.sync-enabled",
          "mapping.sync-disabled",
          "mapping.imported",
          "mapping.cleared",
        ]),
      );
      expect(events.every((event) => event.actorUserId === workspace.users.admin.id)).toBe(true);
      expect(events.find((event) => event.action === "mapping.sync-disabled")!.details).toMatchObject({
        additions: "leave",
      });
      expect(
        events.filter((event) => event.action === "mapping.imported").map((event) => event.details),
      ).toContainEqual(expect.objectContaining({ changed: 2 }));
    });

    it("records the client address the change came from", async () => {
      const context = { ...(await workspace.as("admin")), address: "203.0.113.44" };
      const result = await saveMappingAction.execute(context, {
        organizationId: organizationIdByName.get("Tailspin Toys"),
        companyId: Number(companyByName("Tailspin Toys").id),
      });
      expect(result.ok).toBe(true);
      const [event] = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.workspaceId, workspace.id), eq(auditEvents.ipAddress, "203.0.113.44")));
      expect(event).toMatchObject({ action: "mapping.saved", targetId: organizationIdByName.get("Tailspin Toys") });
    });
  });

  describe("the table", () => {
    it("filters, searches, sorts and pages on the server", async () => {
      await acceptThree();
      await mapContoso();
      const viewer = await workspace.as("viewer");
      const all = await getMappingTable(viewer, mappingTableQuerySchema.parse({ pageSize: "25" }));
      expect(all.total).toBe(demoOrganizations.length + workspace.organizationIds.length);
      expect(all.rows).toHaveLength(25);
      expect(all.counts.all).toBe(all.total);
      const mapped = await getMappingTable(viewer, mappingTableQuerySchema.parse({ filter: "mapped" }));
      expect(mapped.total).toBe(all.counts.mapped);
      expect(mapped.rows.every((row) => row.companyId !== null)).toBe(true);
      const unmapped = await getMappingTable(
        viewer,
        mappingTableQuerySchema.parse({ filter: "unmapped", sort: "organization", direction: "desc" }),
      );
      expect(unmapped.rows.every((row) => row.companyId === null)).toBe(true);
      const names = unmapped.rows.map((row) => row.organizationName.toLowerCase());
      expect(names).toEqual([...names].sort().reverse());
      const page2 = await getMappingTable(viewer, mappingTableQuerySchema.parse({ page: "2", pageSize: "25" }));
      expect(page2.rows.map((row) => row.organizationId)).not.toContain(all.rows[0]!.organizationId);
      const byCompany = await getMappingTable(viewer, mappingTableQuerySchema.parse({ q: "ContosoLtd" }));
      expect(byCompany.rows.length).toBeGreaterThan(0);
      const nonsense = mappingTableQuerySchema.parse({
        filter: "evil",
        sort: "drop table",
        page: "-3",
        pageSize: "100000",
      });
      expect(nonsense).toMatchObject({ filter: "all", sort: "organization", page: 1, pageSize: 50 });
    });

    it("never shows another workspace's rows or statuses", async () => {
      await mapContoso();
      const other = await createTestWorkspace(db, "Other");
      const table = await getMappingTable(await other.as("owner"), mappingTableQuerySchema.parse({}));
      expect(table.total).toBe(3);
      expect(table.directory.companies).toBe(0);
      expect(await getMappingStatuses(await other.as("owner"), [organizationIdByName.get("Contoso Ltd")!])).toEqual([]);
      const result = await saveMappingAction.execute(other.as("owner"), {
        organizationId: organizationIdByName.get("Tailspin Toys"),
        companyId: Number(companyByName("Tailspin Toys").id),
      });
      expect(result).toEqual({
        ok: false,
        code: "not-found",
        error: "That organization does not exist in this workspace.",
      });
    });
  });
});
