import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { createTestDatabase } from "../harness/database";
import { startAppServer, type AppServer } from "../harness/app-server";
import { launchBrowser, openPage, reloadPage, screenshot, signInThroughForm } from "../harness/browser";
import { createTestWorkspace, testPassword, type TestWorkspace } from "../harness/workspaces";

// The Content-Security-Policy the console is moving to: no inline script, nothing from another origin.
const strictPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'";

describe("the platform API in a browser", () => {
  let server: AppServer;
  let browser: Browser;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    const { url, db } = await createTestDatabase();
    workspace = await createTestWorkspace(db, "Docs");
    server = await startAppServer({ databaseUrl: url });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("renders the interactive reference under a strict CSP, loading nothing from another origin", async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    const violations: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith("data:")) foreign.push(request.url());
    });
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.route(`${server.url}/api/v1/docs`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": strictPolicy } });
    });
    await page.goto(`${server.url}/api/v1/docs`);
    await page.getByText("Report many organizations' usage at once").first().waitFor({ timeout: 60_000 });
    await expect(page.getByText("Create or replace a product").first().isVisible()).resolves.toBe(true);
    await screenshot(page, "platform-api-docs");
    expect(foreign).toEqual([]);
    expect(violations.filter((text) => /script/i.test(text))).toEqual([]);
    await page.close();
  });

  it("lets an owner create a token, shows it once, and lists it", async () => {
    const page = await browser.newPage();
    await signInThroughForm(page, server.url, workspace.users.owner.email, testPassword);
    await openPage(page, `${server.url}/settings/api-tokens`);
    await page.getByText("No API tokens yet.").waitFor();
    await page.getByLabel("Name").fill("Browser platform");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = page.getByTestId("new-api-token");
    await token.waitFor();
    expect(await token.textContent()).toMatch(/^bb_[A-Za-z0-9_-]{43}$/);
    await screenshot(page, "api-token-created");
    await reloadPage(page);
    await page.getByRole("cell", { name: /Browser platform/ }).waitFor();
    expect(await page.getByTestId("new-api-token").count()).toBe(0);
    await page.close();
  });
});
