import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
// axe-core's own build, injected into the page from node_modules (never fetched from a CDN).
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core on the page as it is now: WCAG 2.x A/AA rules plus best practices, and the
 * experimental check that a control's accessible name contains its visible label. Returns the
 * critical and serious violations.
 */
export async function findSeriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, {
      resultTypes: ["violations"],
      rules: { "label-content-name-mismatch": { enabled: true } },
    });
    return result.violations as Array<{
      id: string;
      impact: string | null;
      help: string;
      nodes: Array<{ target: unknown[] }>;
    }>;
  });
  return violations
    .filter((violation) => violation.impact === "critical" || violation.impact === "serious")
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.map(String).join(" ")),
    }));
}

/** How far the document reaches beyond the viewport sideways (0 when the page never scrolls sideways). */
export async function measureHorizontalOverflow(
  page: Page,
): Promise<{ scrollWidth: number; innerWidth: number; widest: string[] }> {
  return page.evaluate(() => {
    const innerWidth = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    // Name the elements that stick out, to say what to fix.
    const widest: string[] = [];
    if (scrollWidth > innerWidth) {
      for (const element of Array.from(document.querySelectorAll("body *"))) {
        const box = element.getBoundingClientRect();
        if (box.right > innerWidth + 1 && widest.length < 8)
          widest.push(
            `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}.${String(element.className).slice(0, 60)} right=${Math.round(box.right)}`,
          );
      }
    }
    return { scrollWidth, innerWidth, widest };
  });
}
