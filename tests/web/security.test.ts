import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db";
import { memberships, signInFailures, users } from "@/db/schema";
import { demoPassword, demoUsers } from "@/db/seed";
import { hashPassword } from "@/lib/auth/password";
import { signInThrottle } from "@/lib/auth/throttle";
import { createTestDatabase } from "../harness/database";
import { signIn, signOut, startAppServer, type AppServer } from "../harness/app-server";
import { createTestWorkspace, testPassword, type TestWorkspace } from "../harness/workspaces";

const owner = demoUsers.find((user) => user.role === "owner")!;

async function apiStatus(server: AppServer, cookie: string): Promise<number> {
  return (await fetch(`${server.url}/api/organizations`, { headers: { cookie } })).status;
}

/** The address a listening port is bound to, read from the kernel's socket table. */
function boundAddresses(port: number): string[] {
  const found: string[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== "0A") continue; // 0A: listening
      const [address, portHex] = local.split(":");
      if (Number.parseInt(portHex!, 16) === port) found.push(address!);
    }
  }
  return found;
}

describe("the console's defences over HTTP", () => {
  let server: AppServer;
  let db: Database;
  let databaseUrl: string;
  let team: TestWorkspace;
  let second: TestWorkspace;
  beforeAll(async () => {
    ({ url: databaseUrl, db } = await createTestDatabase());
    team = await createTestWorkspace(db, "Team");
    second = await createTestWorkspace(db, "Second");
    server = await startAppServer({ databaseUrl });
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  describe("headers", () => {
    it("puts a nonce-based Content-Security-Policy on every page, fresh per request, on every script", async () => {
      const first = await fetch(`${server.url}/sign-in`);
      const policy = first.headers.get("content-security-policy")!;
      expect(policy).toBeTruthy();
      const scriptSources = /script-src ([^;]+)/.exec(policy)![1]!;
      expect(scriptSources).not.toContain("unsafe-inline");
      expect(scriptSources).not.toContain("unsafe-eval");
      const nonce = /'nonce-([^']+)'/.exec(scriptSources)![1]!;
      expect(policy).toMatch(/object-src 'none'/);
      expect(policy).toMatch(/frame-ancestors 'none'/);
      const html = await first.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

      const again = await fetch(`${server.url}/sign-in`);
      expect(again.headers.get("content-security-policy")).not.toContain(nonce);

      const { jar } = await signIn(server.url, owner.email, demoPassword);
      const page = await fetch(`${server.url}/organizations`, { headers: { cookie: jar.header() } });
      expect(page.status).toBe(200);
      expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      const missing = await fetch(`${server.url}/no-such-page`, { headers: { cookie: jar.header() } });
      expect(missing.status).toBe(404);
      expect(missing.headers.get("content-security-policy")).toMatch(/'nonce-/);
    });

    it("sends Permissions-Policy, and no HSTS over plain http even when the client claims https", async () => {
      const response = await fetch(`${server.url}/sign-in`, { headers: { "x-forwarded-proto": "https" } });
      expect(response.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("strict-transport-security")).toBeNull();
      expect(response.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
    });

    it("marks every workspace API answer no-store, the refusals too", async () => {
      const { jar } = await signIn(server.url, owner.email, demoPassword);
      for (const path of ["/api/organizations", "/api/mappings/status?ids=", "/api/mappings/companies?q=a"]) {
        const signedIn = await fetch(`${server.url}${path}`, { headers: { cookie: jar.header() } });
        expect(signedIn.status, path).toBeLessThan(500);
        expect(signedIn.headers.get("cache-control"), path).toBe("no-store");
        const anonymous = await fetch(`${server.url}${path}`);
        expect(anonymous.status, path).toBe(401);
        expect(anonymous.headers.get("cache-control"), path).toBe("no-store");
      }
    });
  });

  describe("sessions end on the server", () => {
    it("refuses a copy of the cookie taken before sign-out", async () => {
      const { jar } = await signIn(server.url, owner.email, demoPassword);
      const copied = jar.header();
      expect(await apiStatus(server, copied)).toBe(200);
      await signOut(server.url, jar);
      expect(await apiStatus(server, copied)).toBe(401);
      const page = await fetch(`${server.url}/organizations`, { redirect: "manual", headers: { cookie: copied } });
      expect(page.headers.get("location")).toMatch(/\/sign-in/);
      // The sign-in page shows its form to that cookie rather than sending it back in a loop.
      expect((await fetch(`${server.url}/sign-in`, { redirect: "manual", headers: { cookie: copied } })).status).toBe(
        200,
      );
      // Another session of the same person is not affected.
      const other = await signIn(server.url, owner.email, demoPassword);
      expect(await apiStatus(server, other.jar.header())).toBe(200);
    });

    it("ends a person's sessions when their password changes", async () => {
      const { jar } = await signIn(server.url, team.users.owner.email, testPassword);
      expect(await apiStatus(server, jar.header())).toBe(200);
      await db
        .update(users)
        .set({ passwordHash: await hashPassword("a brand new password") })
        .where(eq(users.id, team.users.owner.id));
      expect(await apiStatus(server, jar.header())).toBe(401);
    });

    it("ends a person's sessions when their role changes", async () => {
      const { jar } = await signIn(server.url, team.users.admin.email, testPassword);
      expect(await apiStatus(server, jar.header())).toBe(200);
      await db
        .update(memberships)
        .set({ role: "viewer" })
        .where(and(eq(memberships.userId, team.users.admin.id), eq(memberships.workspaceId, team.id)));
      expect(await apiStatus(server, jar.header())).toBe(401);
    });

    it("ends a person's sessions when they are removed from a workspace, but not when they join one", async () => {
      const { jar } = await signIn(server.url, team.users.viewer.email, testPassword);
      await db.insert(memberships).values({ workspaceId: second.id, userId: team.users.viewer.id, role: "viewer" });
      expect(await apiStatus(server, jar.header())).toBe(200);
      expect(await apiStatus(server, jar.header())).toBe(200);
      await db
        .delete(memberships)
        .where(and(eq(memberships.userId, team.users.viewer.id), eq(memberships.workspaceId, team.id)));
      expect(await apiStatus(server, jar.header())).toBe(401);
    });
  });

  describe("sign-in throttling by address", () => {
    it("counts the socket's address, whatever X-Forwarded-For says", async () => {
      for (let attempt = 0; attempt < signInThrottle.perAddress; attempt++) {
        const { location } = await signIn(server.url, `guess${attempt}@example.com`, "wrong", {
          "x-forwarded-for": `198.51.100.${attempt + 1}`,
        });
        expect(location).toMatch(/error=CredentialsSignin&code=invalid/);
      }
      const subjects = await db.select({ subject: signInFailures.subject }).from(signInFailures);
      expect(subjects.filter((row) => row.subject === "ip:127.0.0.1")).toHaveLength(signInThrottle.perAddress);
      expect(subjects.some((row) => row.subject.startsWith("ip:198.51.100."))).toBe(false);
      const { location } = await signIn(server.url, second.users.owner.email, testPassword, {
        "x-forwarded-for": "203.0.113.200",
      });
      expect(location).toMatch(/code=throttled%3Aaddress/);
    });
  });
});

describe("the console behind one trusted proxy, in demo mode without HOST", () => {
  let server: AppServer;
  let db: Database;
  beforeAll(async () => {
    let url: string;
    ({ url, db } = await createTestDatabase());
    server = await startAppServer({ databaseUrl: url, env: { HOST: undefined, TRUSTED_PROXY_HOPS: "1" } });
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("listens on 127.0.0.1 only, and says so", () => {
    expect(server.output()).toMatch(/Demo mode: listening on 127\.0\.0\.1 only/);
    const port = Number(new URL(server.url).port);
    expect(boundAddresses(port)).toEqual(["0100007F"]);
  });

  it("sends HSTS when the proxy says the client used https", async () => {
    const https = await fetch(`${server.url}/sign-in`, { headers: { "x-forwarded-proto": "https" } });
    expect(https.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    expect(https.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    const http = await fetch(`${server.url}/sign-in`, { headers: { "x-forwarded-proto": "http" } });
    expect(http.headers.get("strict-transport-security")).toBeNull();
  });

  it("takes the client's address from the proxy's own entry, the right-most one", async () => {
    await signIn(server.url, "nobody@example.com", "wrong", { "x-forwarded-for": "6.6.6.6, 198.51.100.7" });
    const subjects = (await db.select({ subject: signInFailures.subject }).from(signInFailures)).map(
      (row) => row.subject,
    );
    expect(subjects).toContain("ip:198.51.100.7");
    expect(subjects).not.toContain("ip:6.6.6.6");
  });
});
