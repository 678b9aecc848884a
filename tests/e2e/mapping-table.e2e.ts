import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { demoPassword, demoUsers } from "@/db/seed";
import { createTestDatabase } from "../harness/database";
import { startAppServer, type AppServer } from "../harness/app-server";
import { launchBrowser, openPage, reloadPage, signInThroughForm } from "../harness/browser";

const owner = demoUsers.find((user) => user.role === "owner")!;
const viewer = demoUsers.find((user) => user.role === "viewer")!;
let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  const { url } = await createTestDatabase();
  server = await startAppServer({ databaseUrl: url, env: { SANDBOX: "on", SANDBOX_PORT: "0" } });
  browser = await launchBrowser();
}, 400_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * The mapping table in a real browser against the real console and the demo sandbox: directory refresh
 * after Apply, the company combobox with a typo, the preselected agreement, sync on with its live status,
 * auto-match, sync off asking about additions, and the viewer's read-only table.
 */
describe("the mapping table in the browser", () => {
  it("answers the status and company routes only to a signed-in member", async () => {
    for (const path of ["/api/mappings/status?ids=", "/api/mappings/companies?q=contoso"]) {
      const response = await fetch(`${server.url}${path}`, { redirect: "manual" });
      expect([401, 302, 303, 307]).toContain(response.status);
      expect(await response.text()).not.toContain("Contoso");
    }
  });

  it("maps an organization end to end, keyboard and all", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signInThroughForm(page, server.url, owner.email, demoPassword);
    await openPage(page, `${server.url}/settings/integrations`);
    await page.getByRole("button", { name: "Add" }).click();
    await page.getByRole("button", { name: /Fill in the sandbox/ }).click();
    await page.getByRole("button", { name: "Connect", exact: true }).click();
    await page.getByText("Successfully connected to ConnectWise Manage").waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByText("ConnectWise integration has been configured successfully").waitFor({ timeout: 30_000 });
    await openPage(page, `${server.url}/settings/integrations/connectwise`);
    await page.getByRole("heading", { name: "Organization mappings" }).waitFor();
    await expect
      .poll(async () => page.getByText(/companies · refreshed/).count(), { timeout: 60_000, interval: 1000 })
      .toBeGreaterThan(0);
    await reloadPage(page);
    // Company combobox
    await page.getByRole("combobox", { name: /ConnectWise company for Contoso Ltd/ }).click();
    await page.getByPlaceholder("Search by name or identifier…").fill("contosso");
    await expect
      .poll(async () => page.getByRole("option").first().textContent(), { timeout: 10_000 })
      .toMatch(/Contoso Limited/);
    await page.keyboard.press("Enter");
    await expect
      .poll(
        async () =>
          page.getByRole("combobox", { name: /ConnectWise company for Contoso Ltd: Contoso Limited/ }).count(),
        { timeout: 15_000 },
      )
      .toBe(1);
    await expect
      .poll(async () => page.getByRole("combobox", { name: /Agreement for Contoso Ltd: / }).count(), {
        timeout: 15_000,
      })
      .toBe(1);
    await page.getByRole("combobox", { name: /Agreement for Contoso Ltd/ }).click();
    await page
      .getByRole("option", { name: /Managed Services/ })
      .first()
      .waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("switch", { name: "Sync Contoso Ltd" }).click();
    await expect
      .poll(async () => page.getByRole("switch", { name: "Sync Contoso Ltd" }).getAttribute("aria-checked"), {
        timeout: 15_000,
      })
      .toBe("true");
    const lastSync = page.getByRole("row", { name: /Contoso Ltd org-1001/ }).getByRole("link", { name: /Last sync/ });
    await expect
      .poll(async () => lastSync.getAttribute("data-state"), { timeout: 60_000, interval: 500 })
      .toMatch(/^(succeeded|failed)$/);
    await page.getByRole("button", { name: /Accept all high-confidence suggestions/ }).click();
    await page.getByRole("button", { name: /Map \d+ organization/ }).waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: /Map \d+ organization/ }).click();
    await expect
      .poll(
        async () =>
          page.getByRole("combobox", { name: /ConnectWise company for Fabrikam, Inc\.: Fabrikam Inc/ }).count(),
        { timeout: 20_000 },
      )
      .toBe(1);
    await page.getByRole("switch", { name: "Sync Contoso Ltd" }).click();
    const leave = page.getByRole("button", { name: /^Stop syncing( and leave the additions)?$/ });
    await leave.waitFor();
    await leave.click();
    await expect
      .poll(async () => page.getByRole("switch", { name: "Sync Contoso Ltd" }).getAttribute("aria-checked"), {
        timeout: 15_000,
      })
      .toBe("false");

    const viewerPage = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await signInThroughForm(viewerPage, server.url, viewer.email, demoPassword);
    await openPage(viewerPage, `${server.url}/settings/integrations/connectwise`);
    await viewerPage.getByText("You can see the mappings").waitFor();
    expect(await viewerPage.getByRole("combobox").count()).toBe(0);
    expect(await viewerPage.getByRole("switch", { name: "Sync Contoso Ltd" }).isDisabled()).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it("uploads a 20,000-line import of more than 1 MB, and refuses a file over 5 MB before uploading it", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 900 } })).newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signInThroughForm(page, server.url, owner.email, demoPassword);
    await openPage(page, `${server.url}/settings/integrations/connectwise`);
    await page.getByRole("button", { name: "Import CSV" }).click();
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });

    const oversized = Buffer.alloc(6 * 1024 * 1024, "a");
    await page.locator("#mapping-csv-file").setInputFiles({ name: "big.csv", mimeType: "text/csv", buffer: oversized });
    await page.getByRole("button", { name: "Check and import" }).click();
    await page.getByText("The file is 6.0 MB; the import takes at most 5 MB").waitFor();
    expect(posts).toEqual([]);

    // Organizations the workspace does not have: the server checks all 20,000 lines and lists the problems.
    const header = "organization_id,organization_name,company_id,company_identifier,company_name,agreement_id";
    const lines = Array.from(
      { length: 20_000 },
      (_, index) =>
        `missing-${index + 1},Organization number ${index + 1} of a large file,250,ContosoLtd,Contoso Limited,`,
    );
    const csv = Buffer.from([header, ...lines].join("\r\n") + "\r\n");
    expect(csv.byteLength).toBeGreaterThan(1024 * 1024);
    await page.locator("#mapping-csv-file").setInputFiles({ name: "large.csv", mimeType: "text/csv", buffer: csv });
    await page.getByRole("button", { name: "Check and import" }).click();
    await page.getByText("Nothing was imported: 20000 problems in the file.").waitFor({ timeout: 60_000 });
    await page.getByText('Line 2: No organization with id "missing-1" in this workspace').waitFor();
    expect(posts.length).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
