import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cwAgreements, cwCompanies } from "@/db/schema";
import { findDirectoryRefresh } from "@/db/queries/directory";
import { directoryRefreshJob } from "@/jobs/definitions/directory-refresh";
import { refreshCompanyDirectory } from "@/lib/mapping/run-directory-refresh";
import { runJob } from "@/jobs/worker";
import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";
import { normalizeCompanyName } from "@/lib/mapping/normalize-company-name";
import { searchCompaniesAction } from "@/lib/actions/mappings";
import { startSandbox, type Sandbox } from "@/sandbox/index";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";
import { connectWorkspaceToSandbox } from "./connect-sandbox";
import { useSandboxTransport } from "../harness/sandbox-transport";

const companyCount = 20_000;

describe("directory refresh against a large ConnectWise (20,000 companies)", () => {
  let sandbox: Sandbox;
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  let other: TestWorkspace;
  // The first refresh, done once for every test (20,000 companies take a while): what it returned,
  // the live companies it saw and the requests it made.
  let refreshed: Awaited<ReturnType<typeof refreshCompanyDirectory>>;
  let liveAtRefresh: ReturnType<Sandbox["state"]["companies"]>;
  let refreshRequests: ReturnType<Sandbox["requests"]>;

  beforeAll(async () => {
    useSandboxTransport();
    sandbox = await startSandbox({ scenario: "large", seed: 3, companies: companyCount, agreements: 2_000 });
    sandbox.configure({ rateLimitPerMinute: 100_000 });
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Large");
    other = await createTestWorkspace(db, "Other");
    await connectWorkspaceToSandbox(workspace, sandbox);
    sandbox.clearLog();
    refreshed = await refreshCompanyDirectory(db, { workspaceId: workspace.id });
    liveAtRefresh = sandbox.state.companies().filter((company) => company.deletedFlag !== true);
    refreshRequests = sandbox.requests();
  }, 240_000);
  afterAll(async () => {
    setConnectWiseTransportOverrides({});
    await sandbox?.stop();
  });

  it("caches every live company with its normalized name, pages forward-only, and leaves deleted ones out", async () => {
    const result = refreshed;
    const live = liveAtRefresh;
    expect(live.length).toBeLessThan(companyCount); // the scenario deletes ~2%
    expect(result.companies).toBe(live.length);
    const cached = await db.select().from(cwCompanies).where(eq(cwCompanies.workspaceId, workspace.id));
    expect(cached).toHaveLength(live.length);
    const sample = cached.find((company) => company.cwId === Number(live[1234]!.id))!;
    expect(sample).toMatchObject({
      name: live[1234]!.name,
      identifier: live[1234]!.identifier,
      searchName: normalizeCompanyName(String(live[1234]!.name)),
    });

    const companyRequests = refreshRequests.filter((request) => request.pathTemplate.includes("/company/companies"));
    expect(companyRequests.length).toBeGreaterThanOrEqual(companyCount / 1000);
    expect(companyRequests.slice(1).every((request) => /pageId=\d+/.test(request.query))).toBe(true);
    expect(companyRequests.some((request) => /[?&]page=\d/.test(request.query))).toBe(false);

    const agreements = await db
      .select({ cwId: cwAgreements.cwId })
      .from(cwAgreements)
      .where(eq(cwAgreements.workspaceId, workspace.id));
    expect(agreements.length).toBe(sandbox.state.agreements().filter((agreement) => agreement.company).length);
    expect(await findDirectoryRefresh(db, { workspaceId: workspace.id })).toMatchObject({
      state: "succeeded",
      companiesRead: live.length,
      lastError: null,
    });
  }, 120_000);

  it("drops a company deleted in ConnectWise at the next refresh, through the job", async () => {
    const victim = sandbox.state.companies().find((company) => company.deletedFlag !== true)!;
    sandbox.state.deleteCompany(Number(victim.id));
    await runJob(directoryRefreshJob, { workspaceId: workspace.id }, { jobId: "test", retryCount: 0 });
    const [still] = await db
      .select()
      .from(cwCompanies)
      .where(eq(cwCompanies.cwId, Number(victim.id)));
    expect(still).toBeUndefined();
  }, 120_000);

  it("searches 20,000 companies by a typo of a name and by identifier, at most 20 answers", async () => {
    const target = sandbox.state.companies().filter((company) => company.deletedFlag !== true)[4321]!;
    const name = String(target.name);
    const typo = name.length > 6 ? name.slice(0, 3) + name.slice(4) : name; // one letter left out
    const byTypo = await searchCompaniesAction.execute(workspace.as("admin"), { query: typo });
    expect(byTypo.ok && byTypo.data.length).toBeLessThanOrEqual(20);
    expect(byTypo.ok && byTypo.data.slice(0, 5).map((company) => company.id)).toContain(Number(target.id));
    const byIdentifier = await searchCompaniesAction.execute(workspace.as("admin"), {
      query: String(target.identifier),
    });
    expect(byIdentifier.ok && byIdentifier.data[0]!.id).toBe(Number(target.id));
  });

  it("keeps each workspace's cache to itself", async () => {
    const result = await searchCompaniesAction.execute(other.as("admin"), { query: "a" });
    expect(result).toEqual({ ok: true, data: [] });
    const failed = await refreshCompanyDirectory(db, { workspaceId: other.id }).catch((error: Error) => error.message);
    expect(failed).toMatch(/not connected/i);
  });
});
