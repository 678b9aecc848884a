import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { demoPassword, demoUsers } from "@/db/seed";
import { createTestDatabase } from "../harness/database";
import { startAppServer, type AppServer } from "../harness/app-server";
import { launchBrowser, screenshot, signInThroughForm } from "../harness/browser";

const owner = demoUsers.find((user) => user.role === "owner")!;
const viewer = demoUsers.find((user) => user.role === "viewer")!;

/**
 * The seed's journey in a real browser, as a new MSP admin would go through it, against the real
 * console and the demo's ConnectWise sandbox.
 */
describe("the MSP admin's journey", () => {
  let server: AppServer;
  let browser: Browser;
  let sandboxUrl: string;

  beforeAll(async () => {
    const { url } = await createTestDatabase();
    server = await startAppServer({ databaseUrl: url, env: { SANDBOX: "on", SANDBOX_PORT: "0" } });
    sandboxUrl = /ConnectWise sandbox \(demo\) at (\S+),/.exec(server.output())![1]!;
    browser = await launchBrowser();
  }, 400_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    return context.newPage();
  }

  it("shows the specific error for wrong keys", async () => {
    const page = await newPage();
    await signInThroughForm(page, server.url, owner.email, demoPassword);
    await page.getByRole("link", { name: /Integrations/ }).click();
    await page.getByRole("button", { name: "Add" }).click();
    await page.getByRole("button", { name: /Fill in the sandbox/ }).click();
    await page.getByLabel("REST API private key").fill("not-the-private-key");
    await page.getByRole("button", { name: "Connect", exact: true }).click();
    await expect.poll(() => page.getByText("Could not connect").isVisible(), { timeout: 20_000 }).toBe(true);
    const message = await page.locator("[data-slot=form-message]").allTextContents();
    expect(message.join(" ")).toMatch(/private key|public key|keys/i);
    await expect.poll(() => page.getByRole("button", { name: "Apply" }).isDisabled()).toBe(true);
    await screenshot(page, "wrong-keys");
    await page.close();
  });

  it("signs in, connects ConnectWise and applies", async () => {
    const page = await newPage();
    await signInThroughForm(page, server.url, owner.email, demoPassword);
    await screenshot(page, "organizations");
    await page.getByRole("link", { name: /Integrations/ }).click();
    await page.waitForURL(/\/settings\/integrations$/);
    await screenshot(page, "integrations-not-connected");
    await page.getByRole("button", { name: "Add" }).click();
    await page.getByRole("button", { name: /Fill in the sandbox/ }).click();
    for (const label of ["ConnectWise site URL", "ConnectWise company ID", "REST API public key", "REST API private key"]) {
      expect(await page.getByLabel(label).inputValue(), label).not.toBe("");
    }
    await page.getByRole("button", { name: "Connect", exact: true }).click();
    await page.getByText("Successfully connected to ConnectWise Manage").waitFor({ timeout: 20_000 });
    const granted = await page.locator("[data-permission][data-state=granted]").count();
    expect(granted).toBe(8);
    await screenshot(page, "connected-with-permissions");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByText("ConnectWise integration has been configured successfully").waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId("connectwise-state").textContent()).toMatch(/Connected to 127\.0\.0\.1/);
    await screenshot(page, "configured");
    expect(sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await page.close();
  });

  it("lets a viewer see the integration but change nothing", async () => {
    const page = await newPage();
    await signInThroughForm(page, server.url, viewer.email, demoPassword);
    await page.goto(`${server.url}/settings/integrations`);
    await expect.poll(() => page.getByTestId("connectwise-row").isVisible()).toBe(true);
    for (const name of ["Add", "Edit", "Disconnect"]) expect(await page.getByRole("button", { name }).count(), name).toBe(0);
    await screenshot(page, "viewer-read-only");
    await page.close();
  });
});
