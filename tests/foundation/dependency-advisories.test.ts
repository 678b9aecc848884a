import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * The first fixed version of each published advisory of high or critical severity found for a package
 * of the production tree (README › Security › Dependencies). Installing anything older fails here.
 */
const fixedIn: Record<string, { version: string; advisory: string }> = {
  next: { version: "16.4.1", advisory: "CVE-2026-126187 (React Server Components RCE)" },
  react: { version: "19.3.1", advisory: "GHSA-xqc2-xf4c-x3h3" },
  "react-dom": { version: "19.3.1", advisory: "GHSA-xqc2-xf4c-x3h3" },
  "@auth/core": { version: "0.41.3", advisory: "GHSA-7rqj-j65f-68wh, GHSA-xmf8-cvqr-rfgj" },
  "drizzle-orm": { version: "0.45.2", advisory: "CVE-2026-39356" },
  zod: { version: "4.6.7", advisory: "GHSA-mrhx-c7xc-m3w5" },
  sharp: { version: "0.35.5", advisory: "GHSA-f88m-g3jw-g9cj, GHSA-wq5f-xc86-pv6w" },
  esbuild: { version: "0.28.1", advisory: "GHSA-gv7w-rqvm-qjhr" },
};

function installed(name: string): string {
  return (
    JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }
  ).version;
}

function atLeast(version: string, floor: string): boolean {
  const parts = (value: string) => value.split(/[.-]/).slice(0, 3).map(Number);
  const [a, b] = [parts(version), parts(floor)];
  for (let index = 0; index < 3; index++) if (a[index] !== b[index]) return a[index]! > b[index]!;
  return true;
}

describe("production dependencies", () => {
  it("are at or above the fix of every advisory of high severity found for them", () => {
    for (const [name, { version, advisory }] of Object.entries(fixedIn)) {
      expect(atLeast(installed(name), version), `${name} ${installed(name)} < ${version} (${advisory})`).toBe(true);
    }
  });

  it("are pinned to exact versions", () => {
    const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    for (const [name, range] of Object.entries(manifest.dependencies)) {
      expect(range, name).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/);
    }
  });
});
