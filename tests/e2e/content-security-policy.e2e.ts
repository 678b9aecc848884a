import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { demoPassword, demoUsers } from "@/db/seed";
import { createTestDatabase } from "../harness/database";
import { startAppServer, type AppServer } from "../harness/app-server";
import { launchBrowser, openPage, screenshot, signInThroughForm } from "../harness/browser";

const owner = demoUsers.find((user) => user.role === "owner")!;

/** The console under its Content-Security-Policy: every page still works, and the browser refuses nothing. */
describe("the console under its Content-Security-Policy", () => {
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

  it("signs in, opens every screen and connects ConnectWise without a single violation", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text()))
        violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });

    await signInThroughForm(page, server.url, owner.email, demoPassword);
    await openPage(page, `${server.url}/organizations`);
    await page.getByText("Müller Bäckerei GmbH").first().waitFor();
    await page.getByRole("link", { name: /Integrations/ }).click();
    await page.waitForURL(/\/settings\/integrations$/);
    // The dialog opens only when React hydrated, i.e. when the nonce let Next.js's scripts run.
    await page.getByRole("button", { name: "Add" }).click();
    await page.getByRole("button", { name: /Fill in the sandbox/ }).click();
    await page.getByRole("button", { name: "Connect", exact: true }).click();
    await page.getByText("Successfully connected to ConnectWise Manage").waitFor({ timeout: 20_000 });
    await screenshot(page, "csp-connected");
    await page.keyboard.press("Escape");
    for (const path of ["/settings/integrations/connectwise", "/settings/integrations/connectwise/catalog", "/"]) {
      await openPage(page, `${server.url}${path}`);
      await page.waitForLoadState("networkidle");
    }
    expect(violations).toEqual([]);
    await context.close();
  });
});
