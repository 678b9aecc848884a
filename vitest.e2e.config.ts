import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Browser journey tests (npm run test:e2e): the real console, the sandbox and Debian's chromium.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    // BILLBRIDGE_RUNNER_GUARD=1 runs only the test that fails on purpose (tests/guards), through this same
    // configuration: .ci/run requires the runner to exit non-zero on it.
    include: process.env.BILLBRIDGE_RUNNER_GUARD === "1" ? ["tests/guards/*.guard.ts"] : ["tests/e2e/**/*.e2e.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/environment.ts"],
    testTimeout: 120_000,
    hookTimeout: 400_000,
    fileParallelism: false,
    env: { VITEST_E2E: "1" },
  },
});
