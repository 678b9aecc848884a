import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { demoPassword, demoUsers } from "@/db/seed";
import { verifyWebhookSignature } from "@/lib/alerts/webhook-signature";
import { createTestDatabase } from "../harness/database";
import { startAppServer, type AppServer } from "../harness/app-server";
import { launchBrowser, openPage, reloadPage, screenshot, signInThroughForm } from "../harness/browser";
import { startWebhookReceiver, type WebhookReceiver } from "../alerts/webhook-receiver";

const owner = demoUsers.find((user) => user.role === "owner")!;
const viewer = demoUsers.find((user) => user.role === "viewer")!;
let server: AppServer;
let browser: Browser;
let receiver: WebhookReceiver;

beforeAll(async () => {
  const { url } = await createTestDatabase();
  server = await startAppServer({ databaseUrl: url });
  browser = await launchBrowser();
  receiver = await startWebhookReceiver();
}, 400_000);
afterAll(async () => {
  await receiver?.close();
  await browser?.close();
  await server?.stop();
});

describe("Settings › Alerts in the browser", () => {
  it("adds a webhook with the keyboard, shows its secret once, and sends a signed test event", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 900 } })).newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signInThroughForm(page, server.url, owner.email, demoPassword);
    await page.getByRole("link", { name: "Settings › Alerts" }).click();
    await page.getByRole("heading", { name: "Alerts", level: 1 }).waitFor();
    await page.getByText("No channels yet").waitFor();

    await page.getByRole("button", { name: "Add channel" }).focus();
    await page.keyboard.press("Enter");
    await page.getByLabel("Name").fill("Ops bridge");
    await page.getByLabel("URL").fill("ftp://nope.example/hook");
    await page.keyboard.press("Enter");
    await page.getByText("must start with https://").waitFor();
    await page.getByLabel("URL").fill(receiver.url);
    await page.keyboard.press("Enter");
    const secretBox = page.getByLabel("Signing secret", { exact: true });
    await secretBox.waitFor();
    const secret = (await secretBox.textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await screenshot(page, "alerts-secret-once");
    await page.getByRole("button", { name: "I have stored it" }).click();
    await expect.poll(async () => secretBox.count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    await page.getByRole("button", { name: "Send test event" }).click();
    await page.getByText("Test event delivered (HTTP 200).").waitFor({ timeout: 30_000 });
    const [request] = await receiver.waitFor((requests) => requests.length >= 1);
    expect(
      verifyWebhookSignature({
        secret,
        header: request!.headers["billbridge-signature"] as string,
        body: request!.body,
      }),
    ).toBe(true);
    await reloadPage(page);
    const log = page.getByRole("table").last();
    await log.getByText("Delivered").waitFor();
    await expect.poll(async () => log.getByRole("cell", { name: "200", exact: true }).count()).toBe(1);

    await page.getByRole("switch", { name: "Daily digest" }).click();
    await page.getByRole("button", { name: "Save rules" }).click();
    await page.getByText("Alert rules saved.").waitFor();
    await screenshot(page, "alerts-settings");
    expect(pageErrors).toEqual([]);
  });

  it("shows the viewer the same page read-only", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 900 } })).newPage();
    await signInThroughForm(page, server.url, viewer.email, demoPassword);
    await openPage(page, `${server.url}/settings/alerts`);
    await page.getByText("Only owners and admins can change alert rules.").waitFor();
    expect(await page.getByRole("button", { name: "Add channel" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Send test event" }).count()).toBe(0);
    await page.getByRole("list", { name: "Channels" }).getByText("Ops bridge").waitFor();
    expect(await page.getByRole("switch", { name: "Daily digest" }).isDisabled()).toBe(true);
  });
});
