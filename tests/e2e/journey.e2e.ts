import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { Database } from "@/db";
import { catalogLinks, heldChanges, organizations, syncRuns, usage } from "@/db/schema";
import { organizationSyncQueue } from "@/jobs/queues";
import { demoPassword, demoUsers } from "@/db/seed";
import { createTestDatabase } from "../harness/database";
import { startAppServer, type AppServer } from "../harness/app-server";
import { explainOnFailure, launchBrowser, openPage, screenshot, signInThroughForm } from "../harness/browser";

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
  let db: Database;

  beforeAll(async () => {
    const database = await createTestDatabase();
    db = database.db;
    const { url } = database;
    server = await startAppServer({ databaseUrl: url, env: { SANDBOX: "on", SANDBOX_PORT: "0" } });
    sandboxUrl = /ConnectWise sandbox \(demo\) at (\S+),/.exec(server.output())![1]!;
    browser = await launchBrowser();
  }, 400_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** What the page, the organization's runs, their jobs and the held changes show: printed when a step fails. */
  async function describeSyncState(page: Page, organizationId: string): Promise<string> {
    const runs = await db.select().from(syncRuns).where(eq(syncRuns.organizationId, organizationId));
    const jobs = await db.execute(sql`
      select id, state, priority, created_on, started_on, completed_on, output
      from pgboss.job where name = ${organizationSyncQueue.name} order by created_on`);
    const held = await db.select().from(heldChanges).where(eq(heldChanges.organizationId, organizationId));
    return [
      `page ${page.url()}: ${(await page.locator("body").innerText()).slice(0, 3_000)}`,
      `runs: ${JSON.stringify(runs.map(({ id, trigger, state, queuedAt, startedAt, finishedAt, summary, error }) => ({ id, trigger, state, queuedAt, startedAt, finishedAt, summary, error })))}`,
      `jobs: ${JSON.stringify(jobs)}`,
      `held: ${JSON.stringify(held)}`,
      `console output (end): ${server.output().slice(-4_000)}`,
    ].join("\n");
  }

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
    // One message, once, above the buttons: ConnectWise cannot tell which of the two keys is wrong.
    const problem = page.locator("[data-slot=alert]").filter({ hasText: "Could not connect" });
    expect(await problem.count()).toBe(1);
    const message = (await problem.textContent()) ?? "";
    expect(message).toContain(
      "ConnectWise rejected the API keys. Check the company ID (the one on the ConnectWise login screen) and the API member's public and private keys (System > Members > API Members > API Keys); a private key is shown only once, so create new keys if in doubt.",
    );
    expect(await page.locator("[data-slot=form-message]").count()).toBe(0);
    expect(await page.getByText(message.replace("Could not connect", "").trim(), { exact: false }).count()).toBe(1);
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
    for (const label of [
      "ConnectWise site URL",
      "ConnectWise company ID",
      "REST API public key",
      "REST API private key",
    ]) {
      expect(await page.getByLabel(label).inputValue(), label).not.toBe("");
    }
    await page.getByRole("button", { name: "Connect", exact: true }).click();
    await page.getByText("Successfully connected to ConnectWise Manage").waitFor({ timeout: 20_000 });
    const granted = await page.locator("[data-permission][data-state=granted]").count();
    expect(granted).toBe(8);
    await screenshot(page, "connected-with-permissions");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByText("ConnectWise integration has been configured successfully").waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.getByTestId("connectwise-state").textContent(), { timeout: 20_000 })
      .toMatch(/Connected to 127\.0\.0\.1/);
    await screenshot(page, "configured");

    // The catalog is published on its own after Apply.
    await openPage(page, `${server.url}/settings/integrations/connectwise/catalog`);
    await expect
      .poll(async () => page.locator("tr[data-state=published], tr[data-state=unchanged]").count(), {
        timeout: 60_000,
        interval: 1_000,
      })
      .toBe(8);
    await page.getByRole("button", { name: "Publish now" }).waitFor();
    await expect.poll(async () => page.locator("[data-slot=skeleton]").count(), { timeout: 10_000 }).toBe(0);
    await screenshot(page, "catalog-published");

    // Manage: the mapping table, with the company directory refreshed from ConnectWise.
    await openPage(page, `${server.url}/settings/integrations`);
    await page.getByRole("link", { name: "Manage" }).click();
    await page.getByRole("heading", { name: "Organization mappings" }).waitFor();
    await expect
      .poll(async () => page.getByText(/companies · refreshed/).count(), { timeout: 60_000, interval: 1_000 })
      .toBeGreaterThan(0);
    await page.getByLabel("Search organizations and companies").fill("Northwind");
    await page.getByLabel("Search organizations and companies").press("Enter");
    await page.waitForURL(/q=Northwind/);
    const organization = "Northwind Traders Inc";
    await page.getByRole("combobox", { name: new RegExp(`ConnectWise company for ${organization}`) }).click();
    await page.getByPlaceholder("Search by name or identifier…").fill("northwnd");
    await expect
      .poll(async () => page.getByRole("option").first().textContent(), { timeout: 10_000 })
      .toMatch(/Northwind/);
    await screenshot(page, "select-customer");
    await page.getByRole("option").first().click();
    await expect
      .poll(async () => page.getByRole("combobox", { name: new RegExp(`Agreement for ${organization}: `) }).count(), {
        timeout: 15_000,
      })
      .toBe(1);
    await page.getByRole("switch", { name: `Sync ${organization}` }).click();
    await expect
      .poll(async () => page.getByRole("switch", { name: `Sync ${organization}` }).getAttribute("aria-checked"), {
        timeout: 15_000,
      })
      .toBe("true");
    await page.getByRole("button", { name: `Sync now: ${organization}` }).click();
    const lastSync = page.getByRole("link", { name: /Last sync Succeeded/ });
    await expect.poll(async () => lastSync.count(), { timeout: 60_000, interval: 500 }).toBe(1);
    await screenshot(page, "synced");

    // ConnectWise now bills exactly the organization's usage on the agreement.
    const agreementLabel = await page
      .getByRole("combobox", { name: new RegExp(`Agreement for ${organization}: `) })
      .getAttribute("aria-label");
    expect(agreementLabel).toBeTruthy();
    const [row] = await db.select().from(organizations).where(eq(organizations.name, organization));
    const usageRows = await db.select().from(usage).where(eq(usage.organizationId, row!.id));
    const links = await db.select().from(catalogLinks).where(eq(catalogLinks.workspaceId, row!.workspaceId));
    const expected = Object.fromEntries(
      usageRows
        .filter((entry) => Number(entry.quantity) > 0)
        .map((entry) => [
          links.find((link) => link.productId === entry.productId)!.cwCatalogItemId,
          Number(entry.quantity),
        ]),
    );
    const mapped = await db.query.mappings.findFirst({
      where: (mappings, { eq: equal }) => equal(mappings.organizationId, row!.id),
    });
    const additions = (await (
      await fetch(`${sandboxUrl}/__sandbox/state/agreements/${mapped!.cwAgreementId}/additions`)
    ).json()) as Array<{
      product: { id: number };
      quantity: number;
      cancelledDate?: string | null;
    }>;
    const ours = additions.filter(
      (addition) => links.some((link) => link.cwCatalogItemId === addition.product.id) && !addition.cancelledDate,
    );
    expect(Object.fromEntries(ours.map((addition) => [addition.product.id, addition.quantity]))).toEqual(expected);
    expect(ours).toHaveLength(Object.keys(expected).length);

    // Approvals: the owner holds decreases; a decrease of the usage is held, then approved and applied.
    await openPage(page, `${server.url}/approvals`);
    await page.getByText("Nothing is waiting for approval").waitFor();
    await page.getByLabel("Hold decreases").click();
    await expect.poll(() => page.getByLabel("Hold decreases").getAttribute("aria-checked")).toBe("true");
    await page.getByRole("button", { name: "Save policy" }).click();
    await page.getByText("Approval policy saved").waitFor();
    const decreased = usageRows.find((entry) => Number(entry.quantity) > 1)!;
    const decreasedItem = links.find((link) => link.productId === decreased.productId)!.cwCatalogItemId!;
    const target = Number(decreased.quantity) - 1;
    await db
      .update(usage)
      .set({ quantity: String(target) })
      .where(and(eq(usage.organizationId, row!.id), eq(usage.productId, decreased.productId)));
    await openPage(page, `${server.url}/settings/integrations/connectwise/organizations/${row!.id}`);
    await page.getByRole("button", { name: "Sync now" }).click();
    // The button answers with what it did; a refusal would say why here instead.
    await page.getByText(/^(Sync queued\.|A sync was already queued; it will pick up the latest usage\.)$/).waitFor();
    // The page follows its run live, and the navigation counts the change held.
    await explainOnFailure(
      () =>
        expect
          .poll(async () => page.getByRole("link", { name: /Approvals/ }).textContent(), {
            timeout: 60_000,
            interval: 1_000,
          })
          .toMatch(/Approvals1$/),
      () => describeSyncState(page, row!.id),
    );
    await page.getByRole("link", { name: /Approvals/ }).click();
    await page.getByRole("heading", { name: "Approvals" }).waitFor();
    await page.getByRole("cell", { name: organization, exact: true }).waitFor();
    await screenshot(page, "approvals");
    await page.getByRole("checkbox", { name: new RegExp(`of ${organization}$`) }).click();
    await page.getByRole("button", { name: "Approve and sync now" }).click();
    await page.getByText(/1 change approved; 1 sync queued now/).waitFor();
    await expect
      .poll(
        async () => {
          const now = (await (
            await fetch(`${sandboxUrl}/__sandbox/state/agreements/${mapped!.cwAgreementId}/additions`)
          ).json()) as Array<{ product: { id: number }; quantity: number; cancelledDate?: string | null }>;
          return now.find((addition) => addition.product.id === decreasedItem && !addition.cancelledDate)?.quantity;
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(target);

    // Sync all, from the mapping table, after a confirmation that counts the organizations.
    await openPage(page, `${server.url}/settings/integrations/connectwise`);
    await page.getByRole("button", { name: "Sync all" }).click();
    await page.getByRole("alertdialog").getByText("Sync all 1 organization?").waitFor();
    await page.getByRole("alertdialog").getByRole("button", { name: "Sync all" }).click();
    await page.getByText(/1 sync queued now\.|1 already waiting/).waitFor({ timeout: 20_000 });
    await page.close();
  });

  it("lets a viewer see the integration but change nothing", async () => {
    const page = await newPage();
    await signInThroughForm(page, server.url, viewer.email, demoPassword);
    await openPage(page, `${server.url}/settings/integrations`);
    await expect.poll(() => page.getByTestId("connectwise-row").isVisible()).toBe(true);
    for (const name of ["Add", "Edit", "Disconnect"])
      expect(await page.getByRole("button", { name }).count(), name).toBe(0);
    await screenshot(page, "viewer-read-only");
    await page.close();
  });
});
