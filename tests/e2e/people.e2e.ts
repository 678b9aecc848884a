import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { Database } from "@/db";
import { mappings, organizations } from "@/db/schema";
import { demoPassword, demoUsers } from "@/db/seed";
import { createTestDatabase } from "../harness/database";
import { startAppServer, type AppServer } from "../harness/app-server";
import { launchBrowser, openPage, screenshot, signInThroughForm } from "../harness/browser";
import { linkIn, startSmtpReceiver, type SmtpReceiver } from "../harness/smtp-receiver";

const owner = demoUsers.find((user) => user.role === "owner")!;
const colleague = {
  email: "dana.colleague@northstar.example",
  name: "Dana Colleague",
  password: "dana's long password",
};

/**
 * An MSP brings its team: the owner invites a colleague as admin, the colleague accepts from the
 * email they received (a real SMTP server) and maps an organization.
 */
describe("the owner invites a colleague who then maps an organization", () => {
  let server: AppServer;
  let browser: Browser;
  let smtp: SmtpReceiver;
  let db: Database;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    const database = await createTestDatabase();
    db = database.db;
    server = await startAppServer({
      databaseUrl: database.url,
      env: {
        SANDBOX: "on",
        SANDBOX_PORT: "0",
        SMTP_URL: smtp.url,
        MAIL_FROM: "Billbridge <billbridge@northstar.test>",
      },
    });
    browser = await launchBrowser();
  }, 400_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    return context.newPage();
  }

  it("connects ConnectWise as the owner", async () => {
    const page = await newPage();
    await signInThroughForm(page, server.url, owner.email, demoPassword);
    await openPage(page, `${server.url}/settings/integrations`);
    await page.getByRole("button", { name: "Add" }).click();
    await page.getByRole("button", { name: /Fill in the sandbox/ }).click();
    await page.getByRole("button", { name: "Connect", exact: true }).click();
    await page.getByText("Successfully connected to ConnectWise Manage").waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByText("ConnectWise integration has been configured successfully").waitFor({ timeout: 20_000 });
    await page.close();
  });

  it("invites, accepts from the received email, and maps an organization", async () => {
    const ownerPage = await newPage();
    await signInThroughForm(ownerPage, server.url, owner.email, demoPassword);
    await ownerPage.getByRole("link", { name: /People/ }).click();
    await ownerPage.getByRole("heading", { name: "People" }).waitFor();
    await ownerPage.getByRole("button", { name: "Invite" }).click();
    await ownerPage.getByLabel("Email").fill(colleague.email);
    await ownerPage.getByLabel("Role", { exact: true }).selectOption("admin");
    await screenshot(ownerPage, "people-invite");
    await ownerPage.getByRole("button", { name: "Send invitation" }).click();
    await ownerPage.getByText(`Invitation sent to ${colleague.email}`).waitFor({ timeout: 20_000 });
    await expect
      .poll(() => ownerPage.locator(`[data-invitation="${colleague.email}"]`).count(), { timeout: 10_000 })
      .toBe(1);
    await screenshot(ownerPage, "people-pending-invitation");

    // The colleague opens the link of the email they received.
    const mail = await smtp.waitFor((message) => message.to.includes(colleague.email));
    expect(mail.subject).toBe("You're invited to Northstar Managed Services on Billbridge");
    const link = linkIn(mail, "/invitations/");
    const page = await newPage();
    await openPage(page, link);
    await page.getByRole("heading", { name: /Join Northstar Managed Services/ }).waitFor();
    await page.getByLabel("Your name").fill(colleague.name);
    await page.getByLabel("Choose a password").fill(colleague.password);
    await screenshot(page, "accept-invitation");
    await page.getByRole("button", { name: "Accept and sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/invitations/"), { timeout: 20_000 });
    expect(await page.getByTestId("signed-in-user").textContent()).toBe(colleague.name);

    // As admin, the colleague maps an organization.
    await openPage(page, `${server.url}/settings/integrations`);
    await page.getByRole("link", { name: "Manage" }).click();
    await page.getByRole("heading", { name: "Organization mappings" }).waitFor();
    await expect
      .poll(async () => page.getByText(/companies · refreshed/).count(), { timeout: 60_000, interval: 1_000 })
      .toBeGreaterThan(0);
    const organization = "Northwind Traders Inc";
    await page.getByLabel("Search organizations and companies").fill("Northwind");
    await page.getByLabel("Search organizations and companies").press("Enter");
    await page.waitForURL(/q=Northwind/);
    await page.getByRole("combobox", { name: new RegExp(`ConnectWise company for ${organization}`) }).click();
    await page.getByPlaceholder("Search by name or identifier…").fill("northwind");
    await expect
      .poll(async () => page.getByRole("option").first().textContent(), { timeout: 10_000 })
      .toMatch(/Northwind/);
    await page.getByRole("option").first().click();
    await expect
      .poll(async () => page.getByRole("combobox", { name: new RegExp(`Agreement for ${organization}: `) }).count(), {
        timeout: 15_000,
      })
      .toBe(1);
    await screenshot(page, "colleague-mapped");
    const [row] = await db.select().from(organizations).where(eq(organizations.name, organization));
    await expect
      .poll(
        async () => {
          const [mapping] = await db.select().from(mappings).where(eq(mappings.organizationId, row!.id));
          return mapping ? { company: mapping.cwCompanyId !== null, agreement: mapping.cwAgreementId !== null } : null;
        },
        { timeout: 15_000 },
      )
      .toEqual({ company: true, agreement: true });

    // The owner sees both in the audit log, with who did it.
    await openPage(ownerPage, `${server.url}/settings/audit-log`);
    await ownerPage.getByRole("heading", { name: "Audit log" }).waitFor();
    const accepted = ownerPage.locator('tr[data-action="invitation.accepted"]');
    expect(await accepted.textContent()).toContain(colleague.email);
    const mapped = ownerPage.locator('tr[data-action="mapping.saved"]').first();
    expect(await mapped.textContent()).toContain(colleague.email);
    await screenshot(ownerPage, "audit-log");
    await openPage(ownerPage, `${server.url}/settings/people`);
    await expect
      .poll(() => ownerPage.locator(`[data-member="${colleague.email}"]`).textContent())
      .toMatch(/Dana Colleague/);
    await page.close();
    await ownerPage.close();
  });
});
