import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Browser journey tests (npm run test:e2e): the real console, the sandbox and Debian's chromium.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/environment.ts"],
    testTimeout: 120_000,
    hookTimeout: 400_000,
    fileParallelism: false,
    env: { VITEST_E2E: "1" },
  },
});
