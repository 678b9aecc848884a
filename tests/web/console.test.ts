import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cwCompanies, mappings } from "@/db/schema";
import { normalizeCompanyName } from "@/lib/mapping/normalize-company-name";
import { demoPassword, demoUsers } from "@/db/seed";
import { createTestDatabase } from "../harness/database";
import { signIn, startAppServer, type AppServer } from "../harness/app-server";
import { createTestWorkspace, testPassword, type TestWorkspace } from "../harness/workspaces";
import { notifyMappingStatus, updateMappingRunStatus } from "@/db/queries/sync";
import { organizations, workspaces } from "@/db/schema";
import { eq } from "drizzle-orm";

const demoOwner = demoUsers.find((user) => user.role === "owner")!;

describe("the console over HTTP", () => {
  let server: AppServer;
  let other: TestWorkspace;
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  beforeAll(async () => {
    let url: string;
    ({ url, db } = await createTestDatabase());
    other = await createTestWorkspace(db, "Other");
    server = await startAppServer({ databaseUrl: url });
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("redirects an anonymous request for a protected page to sign-in", async () => {
    const response = await fetch(`${server.url}/organizations`, { redirect: "manual" });
    expect([302, 303, 307]).toContain(response.status);
    expect(response.headers.get("location")).toMatch(/\/sign-in/);
    expect((await fetch(`${server.url}/sign-in`)).status).toBe(200);
  });

  it("answers 401 to an anonymous API request", async () => {
    const response = await fetch(`${server.url}/api/organizations`);
    expect(response.status).toBe(401);
  });

  it("refuses a wrong password", async () => {
    const { location, jar } = await signIn(server.url, demoOwner.email, "not-the-password");
    expect(location).toMatch(/error=CredentialsSignin/);
    const page = await fetch(`${server.url}/organizations`, { redirect: "manual", headers: { cookie: jar.header() } });
    expect(page.headers.get("location")).toMatch(/\/sign-in/);
  });

  it("signs the demo owner in and shows who and which workspace", async () => {
    const { jar, location } = await signIn(server.url, demoOwner.email, demoPassword);
    expect(location).not.toMatch(/error/);
    const page = await fetch(`${server.url}/organizations`, { headers: { cookie: jar.header() } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Northstar Managed Services");
    expect(html).toContain(demoOwner.name);
    expect(html).toContain("Müller Bäckerei GmbH");
  });

  it("scopes the API to the caller's workspace, whatever workspace the cookie asks for", async () => {
    const demo = await signIn(server.url, demoOwner.email, demoPassword);
    const demoList = (await (
      await fetch(`${server.url}/api/organizations?pageSize=200`, { headers: { cookie: demo.jar.header() } })
    ).json()) as {
      total: number;
      workspace: string;
    };
    expect(demoList).toMatchObject({ workspace: "northstar-msp", total: 42 });

    const outsider = await signIn(server.url, other.users.owner.email, testPassword);
    outsider.jar.set("bb_workspace", "00000000-0000-4000-8000-000000000000");
    const response = await fetch(`${server.url}/api/organizations?pageSize=200&q=Contoso`, {
      headers: { cookie: outsider.jar.header() },
    });
    const body = (await response.json()) as { total: number; workspace: string };
    expect(body).toMatchObject({ workspace: other.slug, total: 0 });
  });

  it("streams live run status only to signed-in members, and only their own workspace's", async () => {
    expect((await fetch(`${server.url}/api/mappings/events`)).status).toBe(401);

    /** Opens the stream as the given cookie and collects its status events until closed. */
    async function openStream(cookie: string) {
      const controller = new AbortController();
      const response = await fetch(`${server.url}/api/mappings/events`, {
        headers: { cookie },
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = "";
      const reading = (async () => {
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            text += decoder.decode(value);
          }
        } catch {
          // Aborted below.
        }
      })();
      return {
        text: () => text,
        close: async () => {
          controller.abort();
          await reading;
        },
      };
    }

    const demo = await signIn(server.url, demoOwner.email, demoPassword);
    const outsider = await signIn(server.url, other.users.owner.email, testPassword);
    const demoStream = await openStream(demo.jar.header());
    const outsiderStream = await openStream(outsider.jar.header());
    await expect.poll(() => demoStream.text().includes("event: ready")).toBe(true);
    await expect.poll(() => outsiderStream.text().includes("event: ready")).toBe(true);

    const [demoWorkspace] = await db.select().from(workspaces).where(eq(workspaces.slug, "northstar-msp"));
    const [contoso] = await db
      .select()
      .from(organizations)
      .where(eq(organizations.workspaceId, demoWorkspace!.id))
      .limit(1);
    // A run status change, as the sync writes it: the NOTIFY goes out with the update.
    const [mapping] = await db
      .insert(mappings)
      .values({ workspaceId: demoWorkspace!.id, organizationId: contoso!.id })
      .returning();
    await updateMappingRunStatus(db, {
      workspaceId: demoWorkspace!.id,
      mappingId: mapping!.id,
      values: { lastRunState: "running", lastRunAt: new Date() },
    });
    await expect.poll(() => demoStream.text().includes(`"organizationId":"${contoso!.id}"`)).toBe(true);
    expect(demoStream.text()).toContain(`"lastRunState":"running"`);
    // Give the outsider's stream every chance to (wrongly) receive it too.
    await notifyMappingStatus(db, { workspaceId: other.id, organizationId: contoso!.id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(outsiderStream.text()).not.toContain(contoso!.id);
    await demoStream.close();
    await outsiderStream.close();
  });

  it("answers the mapping status and company search routes for the caller's workspace only", async () => {
    const companyName = "Zebulon Outsider Holdings";
    await db.insert(cwCompanies).values({
      workspaceId: other.id,
      cwId: 7,
      identifier: "Zebulon",
      name: companyName,
      searchName: normalizeCompanyName(companyName),
    });
    await db.insert(mappings).values({
      workspaceId: other.id,
      organizationId: other.organizationIds[0]!,
      cwCompanyId: 7,
      syncEnabled: false,
      lastRunState: "succeeded",
    });
    const statusPath = `/api/mappings/status?ids=${other.organizationIds.join(",")}`;
    const companiesPath = `/api/mappings/companies?q=${encodeURIComponent("Zebulon")}`;
    const get = async (path: string, cookie: string) => {
      const response = await fetch(`${server.url}${path}`, { headers: { cookie } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    const owner = await signIn(server.url, other.users.owner.email, testPassword);
    const own = await get(statusPath, owner.jar.header());
    expect(own.status).toBe(200);
    expect(own.body.rows).toEqual([
      expect.objectContaining({ organizationId: other.organizationIds[0], lastRunState: "succeeded" }),
    ]);
    expect(own.body.directory).toMatchObject({ companies: 1 });
    expect(await get(companiesPath, owner.jar.header())).toMatchObject({
      status: 200,
      body: { companies: [expect.objectContaining({ id: 7, name: companyName })] },
    });

    const demo = await signIn(server.url, demoOwner.email, demoPassword);
    const foreign = await get(statusPath, demo.jar.header());
    expect(foreign.status).toBe(200);
    expect(foreign.body.rows).toEqual([]);
    expect(foreign.body.directory).toMatchObject({ companies: 0, state: "never" });
    expect(await get(companiesPath, demo.jar.header())).toEqual({ status: 200, body: { companies: [] } });
  });
});
