import { mkdirSync } from "node:fs";
import path from "node:path";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Database } from "@/db";
import { catalogLinks, mappings, organizations, syncRuns } from "@/db/schema";
import { demoPassword, demoUsers } from "@/db/seed";
import { createTestDatabase } from "../harness/database";
import { startAppServer, type AppServer } from "../harness/app-server";
import { launchBrowser, openPage, reloadPage, screenshot, signInThroughForm } from "../harness/browser";
import { findSeriousAccessibilityViolations, measureHorizontalOverflow } from "../harness/page-checks";
import { addSandboxCompanies } from "../harness/sandbox-companies";

const owner = demoUsers.find((user) => user.role === "owner")!;
const viewer = demoUsers.find((user) => user.role === "viewer")!;
const organization = "Northwind Traders Inc";
const viewports = [
  { width: 1280, height: 900 },
  { width: 1024, height: 768 },
] as const;
/** The mapping table's fallback poll interval (components/mapping/mapping-table.tsx). */
const pollIntervalMs = 2000;

const scriptCompanies = [
  "トヨタ自動車株式会社",
  "台湾积体电路制造股份有限公司",
  "บริษัท ปูนซิเมนต์ไทย จำกัด (มหาชน)",
  "삼성전자 주식회사",
];

let server: AppServer;
let browser: Browser;
let sandboxUrl: string;
let db: Database;
let ownerContext: BrowserContext;
let page: Page;
let organizationId: string;

beforeAll(async () => {
  const database = await createTestDatabase();
  db = database.db;
  server = await startAppServer({ databaseUrl: database.url, env: { SANDBOX: "on", SANDBOX_PORT: "0" } });
  sandboxUrl = /ConnectWise sandbox \(demo\) at (\S+),/.exec(server.output())![1]!;
  // Companies named in scripts without spaces, as an MSP abroad has them, before the directory is first read.
  await addSandboxCompanies(sandboxUrl, scriptCompanies);
  browser = await launchBrowser();
  ownerContext = await browser.newContext({ viewport: viewports[0] });
  page = await ownerContext.newPage();
  const [row] = await db.select().from(organizations).where(eq(organizations.name, organization));
  organizationId = row!.id;
}, 400_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function rowOf(target: Page) {
  return target.getByRole("row", { name: new RegExp(`${organization} org-`) });
}

async function lastSyncState(target: Page): Promise<string | null> {
  const link = rowOf(target).locator("a[data-state]");
  return (await link.count()) === 0 ? null : link.getAttribute("data-state");
}

async function latestRun() {
  const [run] = await db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.organizationId, organizationId))
    .orderBy(desc(syncRuns.queuedAt))
    .limit(1);
  return run!;
}

async function agreementAdditions() {
  const [mapping] = await db.select().from(mappings).where(eq(mappings.organizationId, organizationId));
  const links = await db.select().from(catalogLinks).where(eq(catalogLinks.workspaceId, mapping!.workspaceId));
  const additions = (await (
    await fetch(`${sandboxUrl}/__sandbox/state/agreements/${mapping!.cwAgreementId}/additions`)
  ).json()) as Array<{ id: number; product: { id: number }; quantity: number; cancelledDate?: string | null }>;
  const ours = additions.filter(
    (addition) => !addition.cancelledDate && links.some((link) => link.cwCatalogItemId === addition.product.id),
  );
  return { agreementId: mapping!.cwAgreementId!, ours };
}

/**
 * A numbered screenshot of the step; with UPDATE_README_SCREENSHOTS=1 also the README's picture of it
 * (or only of the steps named, e.g. UPDATE_README_SCREENSHOTS=dashboard,reconciliation).
 */
async function keepReadmeScreenshot(target: Page, name: string) {
  await screenshot(target, name);
  const wanted = process.env.UPDATE_README_SCREENSHOTS ?? "";
  if (wanted !== "1" && !wanted.split(",").includes(name)) return;
  mkdirSync("docs/screenshots", { recursive: true });
  await target.screenshot({ path: path.join("docs/screenshots", `${name}.png`) });
}

describe("the console's pages in the browser", () => {
  it("connects with one message for rejected keys, and Apply in view after Connect", async () => {
    await signInThroughForm(page, server.url, owner.email, demoPassword);
    await openPage(page, `${server.url}/settings/integrations`);
    await page.getByRole("button", { name: "Add" }).click();
    await page.getByRole("button", { name: /Fill in the sandbox/ }).click();
    await page.getByLabel("REST API private key").fill("not-the-private-key");
    await page.getByRole("button", { name: "Connect", exact: true }).click();
    const problem = page.locator("[data-slot=alert]").filter({ hasText: "Could not connect" });
    await problem.waitFor({ timeout: 30_000 });
    expect(await problem.count()).toBe(1);
    expect(await page.locator("[data-slot=form-message]").count()).toBe(0);
    expect(await page.getByLabel("REST API private key").getAttribute("aria-invalid")).not.toBe("true");

    await page.getByRole("button", { name: /Fill in the sandbox/ }).click();
    await page.getByRole("button", { name: "Connect", exact: true }).click();
    await page.getByText("Successfully connected to ConnectWise Manage").waitFor({ timeout: 30_000 });
    const applyOffScreen: string[] = [];
    for (const viewport of [...viewports].reverse()) {
      await page.setViewportSize(viewport);
      // The dialog lays itself out again after a resize (and while the checklist fills in): give it
      // the time to settle, then judge where Apply ends up.
      const inView = async () => {
        const box = await page.getByRole("button", { name: "Apply" }).boundingBox();
        return box !== null && box.y >= 0 && box.y + box.height <= viewport.height;
      };
      await expect
        .poll(inView, { timeout: 10_000, interval: 200 })
        .toBe(true)
        .catch(() => {});
      const apply = await page.getByRole("button", { name: "Apply" }).boundingBox();
      const dialog = await page.getByRole("dialog").boundingBox();
      if (!apply || apply.y < 0 || apply.y + apply.height > viewport.height)
        applyOffScreen.push(
          `${viewport.width}×${viewport.height}: Apply at ${JSON.stringify(apply)}, dialog at ${JSON.stringify(dialog)}`,
        );
    }
    await page.setViewportSize(viewports[0]);
    await keepReadmeScreenshot(page, "connect");
    await page.getByRole("button", { name: "Apply" }).click();
    const toast = page.locator("[data-sonner-toast]").filter({ hasText: "configured successfully" });
    await toast.waitFor({ timeout: 30_000 });
    // Toasts never cover the header's controls (sign out, workspace).
    const toastBox = (await toast.boundingBox())!;
    const headerBox = (await page.locator("header").boundingBox())!;
    expect(toastBox.y).toBeGreaterThan(headerBox.y + headerBox.height);
    expect(applyOffScreen).toEqual([]);
  });

  it("publishes the catalog with product IDs that never double the prefix", async () => {
    await openPage(page, `${server.url}/settings/integrations/connectwise/catalog`);
    await expect
      .poll(async () => page.locator("tr[data-state=published], tr[data-state=unchanged]").count(), {
        timeout: 60_000,
        interval: 1_000,
      })
      .toBe(8);
    // The page refreshes itself while the publish settles: read it once it shows the products.
    const mainText = async () => (await page.locator("main").textContent()) ?? "";
    await expect.poll(mainText, { timeout: 30_000, interval: 500 }).toContain("SASE-PRO-USER");
    const text = await mainText();
    expect(text).not.toContain("SASE-SASE-");
    // Each product unit gets its own unit of measure: "user" matched to ConnectWise's "User".
    await page.getByLabel("Per user").waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => page.getByLabel("Per user").locator("option:checked").textContent(), { timeout: 20_000 })
      .toBe("User");
    await expect.poll(async () => page.locator("[data-slot=skeleton]").count(), { timeout: 10_000 }).toBe(0);
    await keepReadmeScreenshot(page, "catalog");
  });

  it("finds companies by any fragment, in several scripts and German transliterations", async () => {
    await openPage(page, `${server.url}/settings/integrations/connectwise`);
    await expect
      .poll(async () => page.getByText(/companies · refreshed/).count(), { timeout: 60_000, interval: 1_000 })
      .toBeGreaterThan(0);
    await reloadPage(page);
    await page.getByRole("combobox", { name: new RegExp(`ConnectWise company for ${organization}`) }).click();
    const search = page.getByPlaceholder("Search by name or identifier…");
    const cases: Array<[string, RegExp]> = [
      ["自動", /トヨタ自動車株式会社/],
      ["电路", /台湾积体电路制造股份有限公司/],
      ["ซิเมนต์", /ปูนซิเมนต์ไทย/],
      ["전자", /삼성전자/],
      ["Mueller Baeckerei", /Muller Backerei GmbH/],
      ["Müller", /Muller Backerei GmbH/],
    ];
    for (const [fragment, expected] of cases) {
      await search.fill(fragment);
      await expect
        .poll(async () => (await page.getByRole("option").allTextContents()).join(" | "), { timeout: 10_000 })
        .toMatch(expected);
    }
    await search.fill("northwnd");
    await expect
      .poll(async () => page.getByRole("option").first().textContent(), { timeout: 10_000 })
      .toMatch(/Northwind Traders/);
    await keepReadmeScreenshot(page, "select-customer");
    await page.keyboard.press("Enter");
    await expect
      .poll(async () => page.getByRole("combobox", { name: new RegExp(`Agreement for ${organization}: `) }).count(), {
        timeout: 15_000,
      })
      .toBe(1);
    await page.getByRole("switch", { name: `Sync ${organization}` }).click();
    await expect.poll(async () => lastSyncState(page), { timeout: 60_000, interval: 250 }).toBe("succeeded");
  });

  it("shows a finished run in its row within a second, pushed by the server before any poll", async () => {
    await reloadPage(page);
    await expect
      .poll(async () => page.locator("[data-live]").getAttribute("data-live"), { timeout: 15_000 })
      .toBe("stream");
    const polls: number[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/mappings/status")) polls.push(Date.now());
    });
    await page.evaluate((name) => {
      const record = window as unknown as { __lastSyncStates: Array<[string, number]> };
      record.__lastSyncStates = [];
      new MutationObserver(() => {
        for (const link of Array.from(document.querySelectorAll("a[data-state]"))) {
          if (!link.closest("tr")?.textContent?.includes(name)) continue;
          const state = link.getAttribute("data-state")!;
          const last = record.__lastSyncStates.at(-1);
          if (!last || last[0] !== state) record.__lastSyncStates.push([state, Date.now()]);
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    }, organization);
    const before = await latestRun();
    await page.getByRole("button", { name: `Sync now: ${organization}` }).click();
    await expect
      .poll(async () => (await latestRun()).id !== before.id && (await latestRun()).finishedAt !== null, {
        timeout: 60_000,
        interval: 100,
      })
      .toBe(true);
    const run = await latestRun();
    expect(run.state).toBe("succeeded");
    await expect.poll(async () => lastSyncState(page), { timeout: 5_000, interval: 50 }).toBe("succeeded");
    const states = await page.evaluate(
      () => (window as unknown as { __lastSyncStates: Array<[string, number]> }).__lastSyncStates,
    );
    const shownAt = states.find(
      ([state], index) => state === "succeeded" && states.slice(0, index).some(([earlier]) => earlier !== "succeeded"),
    )?.[1];
    expect(shownAt, `row states seen: ${JSON.stringify(states)}`).toBeDefined();
    const delay = shownAt! - run.finishedAt!.getTime();
    console.log(`[live status] the row showed the finished run ${delay} ms after finished_at`);
    expect(delay).toBeLessThan(1000);
    // Pushed, not polled: no status poll happened before the row showed it, and it came sooner than a poll could.
    expect(polls.filter((at) => at <= shownAt!)).toEqual([]);
    expect(delay).toBeLessThan(pollIntervalMs);
    // The README's picture shows the row from its start: the table scrolled back inside its own box.
    await page.locator("[data-slot=table-container]").evaluate((element) => (element.scrollLeft = 0));
    await rowOf(page).evaluate((element) => element.scrollIntoView({ block: "center" }));
    await keepReadmeScreenshot(page, "synced");
  });

  it("says drift corrected in the row and the run summary, with what changed on hover and focus", async () => {
    const { agreementId, ours } = await agreementAdditions();
    const edited = ours[0]!;
    await fetch(`${sandboxUrl}/__sandbox/state/agreements/${agreementId}/additions/${edited.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ quantity: edited.quantity + 7 }),
    });
    const before = await latestRun();
    await page.getByRole("button", { name: `Sync now: ${organization}` }).click();
    await expect
      .poll(async () => (await latestRun()).id !== before.id && (await latestRun()).state === "succeeded", {
        timeout: 60_000,
        interval: 200,
      })
      .toBe(true);
    const link = rowOf(page).locator("a[data-state]");
    await expect.poll(async () => link.getAttribute("data-drift"), { timeout: 5_000 }).toBe("corrected");
    expect(await link.textContent()).toMatch(/Succeeded\s*· drift corrected/);
    const tooltip = page.getByRole("tooltip");
    await link.hover();
    await expect.poll(async () => tooltip.isVisible()).toBe(true);
    expect(await tooltip.textContent()).toContain(`from ${edited.quantity} to ${edited.quantity + 7}`);
    await page.mouse.move(0, 0);
    await link.focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    await expect.poll(async () => tooltip.isVisible()).toBe(true);
    await openPage(page, `${server.url}/settings/integrations/connectwise/organizations/${organizationId}`);
    const latestRunCard = page.locator("section[aria-labelledby=history-heading] [data-slot=card]").first();
    expect(await latestRunCard.locator("[data-slot=card-description]").textContent()).toMatch(/1 drift corrected/);
  });

  it("hides unchanged products on the run details and shows the unit price written", async () => {
    await openPage(page, `${server.url}/settings/integrations/connectwise/organizations/${organizationId}`);
    const firstRunTable = page.locator("table").last();
    const priceCells = await firstRunTable.locator("tbody tr td:nth-child(4)").allTextContents();
    expect(priceCells.length).toBeGreaterThan(0);
    for (const cell of priceCells) expect(cell).toMatch(/^\d+\.\d{2}/);
    // The latest run (drift corrected): one change shown, the products it left alone behind the toggle.
    const runCard = page.locator("section[aria-labelledby=history-heading] [data-slot=card]").first();
    const toggle = runCard.getByRole("button", { name: /Show unchanged \((\d+)\)/ });
    const hiddenCount = Number(/\((\d+)\)/.exec((await toggle.textContent()) ?? "")![1]);
    expect(hiddenCount).toBeGreaterThan(0);
    const rowsBefore = await runCard.locator("tbody tr").count();
    expect(rowsBefore).toBe(1);
    await toggle.click();
    expect(await runCard.locator("tbody tr").count()).toBe(rowsBefore + hiddenCount);
    expect(await runCard.getByRole("button", { name: "Hide unchanged" }).getAttribute("aria-expanded")).toBe("true");
    await screenshot(page, "run-details-show-unchanged");
  });

  it("says how many additions turning sync off cancels, and styles that choice as destructive", async () => {
    await openPage(page, `${server.url}/settings/integrations/connectwise`);
    const { ours } = await agreementAdditions();
    expect(ours.length).toBeGreaterThan(0);
    await page.getByRole("switch", { name: `Sync ${organization}` }).click();
    const cancel = page.getByRole("button", {
      name: `Stop syncing and cancel ${ours.length} addition${ours.length === 1 ? "" : "s"} (as of today)`,
    });
    await cancel.waitFor();
    await page.getByRole("button", { name: "Stop syncing and leave the additions" }).waitFor();
    const [cancelColour, destructiveColour] = await cancel.evaluate((element) => {
      const probe = document.createElement("span");
      probe.style.color = "var(--destructive)";
      document.body.append(probe);
      const colour = getComputedStyle(probe).color;
      probe.remove();
      return [getComputedStyle(element).backgroundColor, colour];
    });
    expect(cancelColour).toBe(destructiveColour);
    await page.getByRole("button", { name: "Keep sync on" }).click();
    expect(await page.getByRole("switch", { name: `Sync ${organization}` }).getAttribute("aria-checked")).toBe("true");
  });

  it("draws the dashboard's charts with their figures as text, and the month's report (README screenshots)", async () => {
    await page.setViewportSize(viewports[0]);
    // Today's usage of every organization into the history: the unmapped ones show on the report.
    await openPage(page, `${server.url}/organizations`);
    await page.getByRole("button", { name: "Record usage snapshot" }).click();
    await page
      .locator("[data-sonner-toast]")
      .filter({ hasText: "Usage history recorded" })
      .waitFor({ timeout: 30_000 });
    await openPage(page, `${server.url}/`);
    const runs = page.getByRole("figure", { name: "Sync runs of the last 24 hours by outcome" });
    await runs.locator(".recharts-surface").waitFor({ timeout: 15_000 });
    const succeeded = Number(
      await runs
        .getByRole("row", { name: /Succeeded/ })
        .getByRole("cell")
        .textContent(),
    );
    const finished = await db.select().from(syncRuns).where(eq(syncRuns.state, "succeeded"));
    expect(succeeded).toBe(finished.filter((run) => !run.dryRun).length);
    expect(await runs.locator(".recharts-bar-rectangle").count()).toBeGreaterThan(0);
    const requests = page.getByRole("figure", { name: "ConnectWise requests per hour against the configured limit" });
    expect(await requests.locator(".recharts-reference-line").count()).toBe(1);
    expect(await requests.locator("figcaption").textContent()).toMatch(
      /The configured limit is [\d,]+ requests per hour/,
    );
    // The chart takes keyboard focus (its arrow keys move the tooltip).
    await runs.locator(".recharts-surface").focus();
    expect(await runs.locator(".recharts-surface").evaluate((node) => node === document.activeElement)).toBe(true);
    // The picture without a tooltip: no focus on a chart, the pointer off them.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.mouse.move(0, 0);
    await keepReadmeScreenshot(page, "dashboard");
    await openPage(page, `${server.url}/reports/reconciliation`);
    await page.getByRole("heading", { name: "Reports › Reconciliation" }).waitFor();
    expect(await page.getByRole("cell", { name: "Unmapped with usage" }).count()).toBeGreaterThan(0);
    await keepReadmeScreenshot(page, "reconciliation");
  });

  it("fits every page at 1280 and 1024 px, with no serious accessibility violation and a favicon", async () => {
    const ownerPages = [
      "/organizations",
      "/settings/integrations",
      "/settings/integrations/connectwise",
      "/settings/integrations/connectwise/connection",
      "/settings/integrations/connectwise/catalog",
      `/settings/integrations/connectwise/organizations/${organizationId}`,
      "/settings/integrations/connectwise/billing",
      "/",
      "/reports/reconciliation",
      "/approvals",
      "/settings/people",
      "/settings/audit-log",
      "/settings/alerts",
      "/settings/reports",
      "/settings/api-tokens",
    ];
    const viewerContext = await browser.newContext({ viewport: viewports[0] });
    const viewerPage = await viewerContext.newPage();
    await signInThroughForm(viewerPage, server.url, viewer.email, demoPassword);
    const anonymous = await (await browser.newContext({ viewport: viewports[0] })).newPage();
    const visits: Array<[string, Page, string]> = [
      ["anonymous", anonymous, "/sign-in"],
      ["anonymous", anonymous, "/reset-password"],
      ...ownerPages.map((target): [string, Page, string] => ["owner", page, target]),
      ...ownerPages.map((target): [string, Page, string] => ["viewer", viewerPage, target]),
    ];
    const missing: string[] = [];
    for (const target of [page, viewerPage, anonymous])
      target.on("response", (response) => {
        if (response.status() === 404) missing.push(response.url());
      });
    const problems: string[] = [];
    for (const viewport of viewports) {
      for (const [who, target, pathname] of visits) {
        await target.setViewportSize(viewport);
        await openPage(target, `${server.url}${pathname}`);
        await target.waitForLoadState("load");
        await expect.poll(async () => target.locator("[data-slot=skeleton]").count(), { timeout: 15_000 }).toBe(0);
        const where = `${who} ${pathname} at ${viewport.width}×${viewport.height}`;
        const overflow = await measureHorizontalOverflow(target);
        if (overflow.scrollWidth > overflow.innerWidth)
          problems.push(
            `${where}: ${overflow.scrollWidth} px wide in ${overflow.innerWidth}: ${overflow.widest.join("; ")}`,
          );
        for (const violation of await findSeriousAccessibilityViolations(target))
          problems.push(
            `${where}: axe ${violation.impact} ${violation.id} (${violation.help}) at ${violation.targets.join(", ")}`,
          );
        if (viewport.width === 1024)
          await screenshot(target, `${who}-${pathname.split("/").filter(Boolean).join("-") || "home"}-1024`);
      }
    }
    // Viewers are never told to do what they cannot.
    await openPage(viewerPage, `${server.url}/settings/integrations/connectwise`);
    expect(await viewerPage.getByText("Choose a company first").count()).toBe(0);
    expect(problems).toEqual([]);
    const icon = await page.locator("link[rel=icon]").first().getAttribute("href");
    expect(icon).toBeTruthy();
    expect((await fetch(new URL(icon!, server.url))).status).toBe(200);
    expect(missing).toEqual([]);
    await viewerContext.close();
  }, 400_000);
});
