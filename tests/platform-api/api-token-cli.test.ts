import { spawn } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db";
import { authenticateApiRequest } from "@/lib/platform-api/authenticate";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";

const root = path.resolve(import.meta.dirname, "../..");
const nodeBin = path.dirname(process.execPath);

/** Runs `npm <args>` in the project as an operator would, and keeps stdout and stderr apart. */
function runNpm(args: string[], databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // The npm on PATH, as an operator types it; this test's Node comes first for the script itself.
    const child = spawn("npm", args, {
      cwd: root,
      env: {
        ...process.env,
        PATH: `${nodeBin}${path.delimiter}${process.env.PATH ?? ""}`,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        BILLBRIDGE_DEMO: "0",
        CW_CLIENT_ID: "6f1b0a52-2a3b-4c5d-8e9f-0a1b2c3d4e5f",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe("npm run api-token", () => {
  let db: Database;
  let url: string;
  let workspace: TestWorkspace;

  const callerOf = (token: string) =>
    authenticateApiRequest(
      db,
      new Request("http://billbridge.test/api/v1/products", { headers: { authorization: `Bearer ${token}` } }),
      "write",
    );

  beforeAll(async () => {
    ({ db, url } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Cli");
  });

  it("with -s, prints the token and nothing else on stdout, and the token works", async () => {
    const result = await runNpm(
      ["run", "-s", "api-token", "--", "create", "--workspace", workspace.slug, "--name", "SASE platform"],
      url,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\S+\n$/);
    const token = result.stdout.trim();
    expect(result.stderr).not.toContain(token);
    expect(result.stderr).not.toContain("Note: npm printed");
    const caller = await callerOf(token);
    expect(caller).toMatchObject({
      workspace: { id: workspace.id, slug: workspace.slug },
      token: { name: "SASE platform", scopes: ["read", "write"] },
    });
  });

  it("without -s, npm's banner comes first on stdout, and the script says to use -s", async () => {
    const result = await runNpm(
      ["run", "api-token", "--", "create", "--workspace", workspace.slug, "--name", "Without silent"],
      url,
    );
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(result.stdout).toContain("> billbridge@");
    expect(result.stderr).toContain("use `npm run -s api-token -- …` to capture only the token");
    // The token is still the last line.
    expect(await callerOf(lines.at(-1)!)).toMatchObject({ token: { name: "Without silent" } });
  });

  it("explains -s in its help, and refuses a wrong call on stderr with nothing on stdout", async () => {
    const help = await runNpm(["run", "-s", "api-token", "--", "--help"], url);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: npm run -s api-token -- create --workspace <slug> --name <name>");
    expect(help.stdout).toContain("Keep -s (--silent)");

    const wrong = await runNpm(["run", "-s", "api-token", "--", "create", "--workspace", workspace.slug], url);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe("");
    expect(wrong.stderr).toContain("Usage: npm run -s api-token -- create");
  });
});
