import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const buildId = path.join(root, ".next/BUILD_ID");
const sourceFolders = ["app", "components", "lib", "db", "jobs"];
const sourceFiles = ["next.config.mjs", "proxy.ts", "package-lock.json", "postcss.config.mjs"];

function newestSourceTime(): number {
  let newest = 0;
  const visit = (target: string) => {
    const stats = statSync(target);
    if (stats.isDirectory()) for (const entry of readdirSync(target)) visit(path.join(target, entry));
    else newest = Math.max(newest, stats.mtimeMs);
  };
  for (const folder of sourceFolders) if (existsSync(path.join(root, folder))) visit(path.join(root, folder));
  for (const file of sourceFiles)
    if (existsSync(path.join(root, file))) newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs);
  return newest;
}

/**
 * The tests that start the real console need a production build of the current code. It is built
 * once here, before any test file runs (two files building at once would collide), and only when
 * missing or older than the sources.
 */
export function ensureProductionBuild(): void {
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSourceTime()) return;
  console.log("[tests] building the console (next build) for the tests that run it…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed with exit code ${result.status}`);
}
