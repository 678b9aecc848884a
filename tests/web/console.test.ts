import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPassword, demoUsers } from "@/db/seed";
import { createTestDatabase } from "../harness/database";
import { signIn, startAppServer, type AppServer } from "../harness/app-server";
import { createTestWorkspace, testPassword, type TestWorkspace } from "../harness/workspaces";

const owner = demoUsers.find((user) => user.role === "owner")!;

describe("the console over HTTP", () => {
  let server: AppServer;
  let other: TestWorkspace;
  beforeAll(async () => {
    const { url, db } = await createTestDatabase();
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
    const { location, jar } = await signIn(server.url, owner.email, "not-the-password");
    expect(location).toMatch(/error=CredentialsSignin/);
    const page = await fetch(`${server.url}/organizations`, { redirect: "manual", headers: { cookie: jar.header() } });
    expect(page.headers.get("location")).toMatch(/\/sign-in/);
  });

  it("signs the demo owner in and shows who and which workspace", async () => {
    const { jar, location } = await signIn(server.url, owner.email, demoPassword);
    expect(location).not.toMatch(/error/);
    const page = await fetch(`${server.url}/organizations`, { headers: { cookie: jar.header() } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Northstar Managed Services");
    expect(html).toContain(owner.name);
    expect(html).toContain("Müller Bäckerei GmbH");
  });

  it("scopes the API to the caller's workspace, whatever workspace the cookie asks for", async () => {
    const demo = await signIn(server.url, owner.email, demoPassword);
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
});
