import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../harness/browser";

describe("the browser's network jail", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("cannot load a page from outside loopback, by address or by name", async () => {
    const page = await browser.newPage();
    // 192.0.2.0/24 is TEST-NET-1 (documentation only); the proxy refusal happens on loopback.
    await expect(page.goto("http://192.0.2.1/", { timeout: 15_000 })).rejects.toThrow(/ERR_PROXY_CONNECTION_FAILED/);
    await expect(page.goto("http://jail-probe.example/", { timeout: 15_000 })).rejects.toThrow(
      /ERR_PROXY_CONNECTION_FAILED|ERR_NAME_NOT_RESOLVED/,
    );
    await page.close();
  });
});
