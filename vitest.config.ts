import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    // BILLBRIDGE_RUNNER_GUARD=1 runs only the test that fails on purpose (tests/guards), through this same
    // configuration: .ci/run requires the runner to exit non-zero on it.
    include: process.env.BILLBRIDGE_RUNNER_GUARD === "1" ? ["tests/guards/*.guard.ts"] : ["tests/**/*.test.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/environment.ts"],
    // Test files run in parallel, each on a database of its own; two cores here.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
