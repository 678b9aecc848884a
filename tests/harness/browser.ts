import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const artifactsDir = path.resolve("artifacts/e2e");
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's chromium, headless, with the flags this machine's closed network needs. */
let cleaned = false;
export async function launchBrowser(): Promise<Browser> {
  // Each run's screenshots replace the last run's, so the numbered steps never mix.
  if (!cleaned && process.env.VITEST_E2E === "1") rmSync(artifactsDir, { recursive: true, force: true });
  cleaned = true;
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      // The browser's network jail: names other than localhost do not resolve, and anything not on
      // loopback goes to a proxy port where nothing listens (Chromium never proxies loopback).
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
      "--proxy-server=127.0.0.1:9",
    ],
  });
}

let step = 0;
/** Saves a numbered full-page screenshot of the current step into artifacts/e2e. */
export async function screenshot(page: Page, name: string): Promise<string> {
  step += 1;
  const file = path.join(artifactsDir, `${String(step).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Resolves once React has hydrated every control on the page. A page load ends before hydration on a
 * busy machine, and a click on a control React has not hydrated yet is lost: nothing handles it.
 */
export async function waitForHydration(page: Page): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    // page.evaluate, not waitForFunction: the console's Content-Security-Policy forbids the string
    // evaluation waitForFunction's polling uses in the page.
    // Hidden inputs are left out: Next.js writes a server action form's state into them outside React.
    const waiting = await page.evaluate(() => {
      if (document.readyState !== "complete") return ["the document is still loading"];
      const controls = document.querySelectorAll(
        "button, input:not([type=hidden]), select, textarea, a[href], [role=switch], [role=checkbox], [role=combobox]",
      );
      return [...controls]
        .filter((control) => !Object.keys(control).some((key) => key.startsWith("__reactProps$")))
        .map((control) => control.outerHTML.slice(0, 120));
    });
    if (waiting.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${page.url()} was not hydrated within 30 s; still waiting: ${waiting.join(" | ")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Opens a console page and waits until it answers clicks and keys (see waitForHydration). */
export async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForHydration(page);
}

/** Reloads the page and waits until it answers clicks and keys (see waitForHydration). */
export async function reloadPage(page: Page): Promise<void> {
  await page.reload();
  await waitForHydration(page);
}

export async function signInThroughForm(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await openPage(page, `${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Signed in: the console answers with its home page (the dashboard), or the page asked for.
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await waitForHydration(page);
}

/**
 * Runs a step; when it fails, prints what `explain` finds (the page, the rows behind it) beside the
 * failure, so that a failure on another machine says what it saw. The step's error is rethrown as is.
 */
export async function explainOnFailure<T>(step: () => Promise<T>, explain: () => Promise<string>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    console.error(
      `[failure explained]\n${await explain().catch((reason: unknown) => `could not explain: ${String(reason)}`)}`,
    );
    throw error;
  }
}
