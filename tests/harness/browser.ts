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

export async function signInThroughForm(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Signed in: the console answers with its home page (the dashboard), or the page asked for.
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
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
