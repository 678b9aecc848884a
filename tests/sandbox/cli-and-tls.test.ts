import { spawn, type ChildProcess } from "node:child_process";
import { request as httpsRequest } from "node:https";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { startSandbox } from "@/sandbox/index";

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGTERM");
});

function startCli(
  args: string[],
  environment: Record<string, string> = {},
): Promise<{ line: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", "sandbox/cli.ts", ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve({ line, child }));
    child.once("exit", (code) => reject(new Error(`sandbox CLI exited with ${code}`)));
  });
}

describe("npm run sandbox (sandbox/cli.ts)", () => {
  it("prints one SANDBOX line with url, site, companyId, clientId and members, and serves on that url", async () => {
    const { line } = await startCli(["--port", "0", "--scenario", "demo", "--seed", "5", "--quiet"]);
    expect(line.startsWith("SANDBOX ")).toBe(true);
    const described = JSON.parse(line.slice("SANDBOX ".length));
    expect(Object.keys(described)).toEqual(["url", "site", "companyId", "clientId", "members"]);
    expect(described.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(described.members.map((member: { name: string }) => member.name)).toEqual(
      expect.arrayContaining([
        "integration",
        "seed-minimum",
        "no-company-inquire",
        "no-agreements-inquire",
        "no-agreements-add",
        "no-catalog-inquire",
        "no-catalog-add",
        "no-table-setup-inquire",
      ]),
    );
    for (const member of described.members)
      expect(Object.keys(member)).toEqual(["name", "publicKey", "privateKey", "permissions"]);
    const info = await fetch(`${described.url}/login/companyinfo/${described.companyId}`);
    expect((await info.json()).Codebase).toBe("v2025_8/");
  });

  it("takes the port from SANDBOX_PORT and refuses unknown options", async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const { line } = await startCli(["--scenario", "empty", "--quiet"], { SANDBOX_PORT: String(port) });
    expect(JSON.parse(line.slice(8)).url).toBe(`http://127.0.0.1:${port}`);
    await expect(startCli(["--colour", "blue"])).rejects.toThrow(/exited/);
  });
});

describe("TLS", () => {
  it("serves HTTPS with a self-signed certificate the client can trust", async () => {
    const sandbox = await startSandbox({ scenario: "empty", tls: true });
    try {
      expect(sandbox.url).toMatch(/^https:\/\//);
      expect(sandbox.site).toBe(sandbox.url);
      expect(sandbox.certificate).toContain("BEGIN CERTIFICATE");
      const body = await new Promise<string>((resolve, reject) => {
        const outgoing = httpsRequest(
          `${sandbox.url}/login/companyinfo/${sandbox.companyId}`,
          { ca: sandbox.certificate },
          (response) => {
            let text = "";
            response.on("data", (chunk) => (text += chunk));
            response.on("end", () => resolve(text));
          },
        );
        outgoing.on("error", reject);
        outgoing.end();
      });
      expect(JSON.parse(body).CompanyID).toBe(sandbox.companyId);
      await expect(fetch(`${sandbox.url}/login/companyinfo/x`)).rejects.toThrow();
    } finally {
      await sandbox.stop();
    }
  });
});
