import { execFile } from "node:child_process";
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(__dirname, "../..");
const cli = path.join(root, "node_modules/dependency-cruiser/bin/dependency-cruiser.mjs");

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

async function depcruise(cwd: string, args: string[]): Promise<{ exitCode: number; stdout: string }> {
  return run(process.execPath, [cli, ...args, "."], { cwd, maxBuffer: 64 * 1024 * 1024 }).then(
    (result) => ({ stdout: result.stdout, exitCode: 0 }),
    (error: { stdout: string; code: number }) => ({ stdout: error.stdout, exitCode: error.code }),
  );
}

/**
 * Runs dependency-cruiser with the repository's rules in `cwd` twice: as `npm run check:architecture`
 * does (the exit code CI sees) and as JSON (which rule broke, where).
 */
async function cruise(cwd: string, config: string): Promise<{ exitCode: number; violations: Violation[] }> {
  const check = await depcruise(cwd, ["--config", config, "--output-type", "err"]);
  const json = await depcruise(cwd, ["--config", config, "--output-type", "json"]);
  const output = JSON.parse(json.stdout) as { summary: { violations: Violation[] } };
  return { exitCode: check.exitCode, violations: output.summary.violations };
}

const directories: string[] = [];

/**
 * A small project laid out like ours (same folders, the `@/` alias, the real node_modules) with the
 * given files, checked with the repository's .dependency-cruiser.cjs unchanged but for keeping the
 * node_modules symlink's path as it is.
 */
async function project(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), "billbridge-architecture-"));
  directories.push(directory);
  await symlink(path.join(root, "node_modules"), path.join(directory, "node_modules"), "dir");
  await writeFile(
    path.join(directory, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler", paths: { "@/*": ["./*"] } } }),
  );
  await writeFile(
    path.join(directory, ".dependency-cruiser.cjs"),
    `const rules = require(${JSON.stringify(path.join(root, ".dependency-cruiser.cjs"))});\n` +
      "module.exports = { ...rules, options: { ...rules.options, preserveSymlinks: true } };\n",
  );
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(directory, file)), { recursive: true });
    await writeFile(path.join(directory, file), text);
  }
  return directory;
}

afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

// What the rules allow: SQL in db/ and the named infrastructure modules, type-only imports of the
// database types anywhere, the wire format inside lib/connectwise, the sandbox from tests and the demo startup.
const allowed: Record<string, string> = {
  "db/schema/index.ts": `import { pgTable, text } from "drizzle-orm/pg-core";\nexport const things = pgTable("things", { id: text("id") });\n`,
  "db/queries/things.ts": `import { eq } from "drizzle-orm";\nimport { things } from "../schema";\nexport const byId = (id: string) => eq(things.id, id);\n`,
  "lib/connection/rate-limiter.ts": `import { sql } from "drizzle-orm";\nexport const now = sql\`now()\`;\n`,
  "lib/sync/mapping-lock.ts": `import type postgres from "postgres";\nimport { sql } from "drizzle-orm";\nexport type Reserved = postgres.ReservedSql;\nexport const lock = sql\`select 1\`;\n`,
  "lib/auth/throttle.ts": `import { things } from "@/db/schema";\nexport const table = things;\n`,
  "lib/actions/things.ts": `import type { things } from "@/db/schema";\nimport { byId } from "@/db/queries/things";\nexport type Thing = typeof things;\nexport const find = byId;\n`,
  "lib/connectwise/wire-format.ts": `export const FIELDS = "id,name";\n`,
  "lib/connectwise/client.ts": `import { FIELDS } from "./wire-format";\nimport { ofetch } from "ofetch";\nexport const fields = FIELDS;\nexport const fetcher = ofetch;\n`,
  "components/things/list.tsx": `import { find } from "@/lib/actions/things";\nexport const load = find;\n`,
  "app/page.tsx": `import { load } from "@/components/things/list";\nexport default load;\n`,
  "sandbox/index.ts": `import { createServer } from "node:http";\nexport const startSandbox = () => createServer();\n`,
  "scripts/start.ts": `import { startSandbox } from "@/sandbox/index";\nexport const demo = startSandbox;\n`,
  "tests/things.test.ts": `import { startSandbox } from "@/sandbox/index";\nimport { things } from "@/db/schema";\nexport const fixtures = [startSandbox, things];\n`,
};

describe("architecture rules (npm run check:architecture)", () => {
  it("pass on the repository", async () => {
    const result = await cruise(root, path.join(root, ".dependency-cruiser.cjs"));
    expect(result.violations).toEqual([]);
    expect(result.exitCode).toBe(0);
  }, 180_000);

  it("pass on a project that keeps every rule", async () => {
    const result = await cruise(await project(allowed), ".dependency-cruiser.cjs");
    expect(result.violations).toEqual([]);
    expect(result.exitCode).toBe(0);
  }, 180_000);

  it("fail, naming the rule and the import, when a rule is broken", async () => {
    const broken = await project({
      ...allowed,
      // components/ reaching into app/
      "components/things/button.tsx": `import page from "@/app/page";\nexport const Button = page;\n`,
      // a cycle, through a type-only import
      "lib/mapping/a.ts": `import type { B } from "./b";\nexport type A = { b: B };\n`,
      "lib/mapping/b.ts": `import type { A } from "./a";\nexport type B = { a?: A };\n`,
      // the wire format outside lib/connectwise
      "lib/sync/reader.ts": `import { FIELDS } from "@/lib/connectwise/wire-format";\nexport const fields = FIELDS;\n`,
      // HTTP to ConnectWise outside lib/connectwise
      "lib/catalog/fetcher.ts": `import { ofetch } from "ofetch";\nexport const fetcher = ofetch;\n`,
      // SQL outside db/: a drizzle operator, and a table used as a value
      "lib/actions/raw.ts": `import { sql } from "drizzle-orm";\nexport const raw = sql\`select 1\`;\n`,
      "app/api/things/route.ts": `import { things } from "@/db/schema";\nexport const GET = () => things;\n`,
      // the sandbox importing the product, and the product importing the sandbox
      "sandbox/leak.ts": `import { find } from "@/lib/actions/things";\nexport const leak = find;\n`,
      "lib/runtime/demo.ts": `import { startSandbox } from "@/sandbox/index";\nexport const demo = startSandbox;\n`,
    });
    const result = await cruise(broken, ".dependency-cruiser.cjs");
    const found = result.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`);
    expect(found).toEqual(
      expect.arrayContaining([
        "components-not-app: components/things/button.tsx → app/page.tsx",
        "no-cycles: lib/mapping/a.ts → lib/mapping/b.ts",
        "wire-format-only-in-connectwise: lib/sync/reader.ts → lib/connectwise/wire-format.ts",
        expect.stringMatching(/^http-only-in-connectwise: lib\/catalog\/fetcher\.ts → node_modules\/ofetch\//),
        expect.stringMatching(/^sql-only-in-db: lib\/actions\/raw\.ts → node_modules\/drizzle-orm\//),
        "sql-only-in-db: app/api/things/route.ts → db/schema/index.ts",
        "sandbox-is-standalone: sandbox/leak.ts → lib/actions/things.ts",
        "sandbox-only-in-demo-bench-tests: lib/runtime/demo.ts → sandbox/index.ts",
      ]),
    );
    // Nothing else: each broken import (and the cycle) is reported once, by its own rule.
    expect(new Set(result.violations.map((violation) => violation.from))).toEqual(
      new Set([
        "components/things/button.tsx",
        "lib/mapping/a.ts",
        "lib/sync/reader.ts",
        "lib/catalog/fetcher.ts",
        "lib/actions/raw.ts",
        "app/api/things/route.ts",
        "sandbox/leak.ts",
        "lib/runtime/demo.ts",
      ]),
    );
    expect(result.exitCode).not.toBe(0);
  }, 180_000);
});
