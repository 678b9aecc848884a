import { spawn } from "node:child_process";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db";
import { auditEvents, users, workspaces } from "@/db/schema";
import { viewInvitation } from "@/lib/people/accept-invitation";
import { completePasswordReset, requestPasswordReset } from "@/lib/people/reset-password";
import { createTestDatabase } from "../harness/database";
import { signIn, startAppServer, type AppServer } from "../harness/app-server";
import { linkIn, startSmtpReceiver, type SmtpReceiver } from "../harness/smtp-receiver";
import { createTestWorkspace, testPassword, type TestWorkspace } from "../harness/workspaces";

const platformToken = "platform-token-for-tests-0123456789abcdef";
const root = path.resolve(import.meta.dirname, "../..");

function runWorkspaceCli(args: string[], databaseUrl: string): Promise<{ code: number; output: string }> {
  // No mail server for the command line: it must say so and print the link.
  const environment = { ...process.env };
  delete environment.SMTP_URL;
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/workspace.ts", ...args],
      {
        cwd: root,
        env: {
          ...environment,
          NODE_ENV: "production",
          DATABASE_URL: databaseUrl,
          BILLBRIDGE_DEMO: "0",
          CW_CLIENT_ID: "6f1b0a52-2a3b-4c5d-8e9f-0a1b2c3d4e5f",
          AUTH_URL: "https://console.billbridge.test",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code: code ?? -1, output }));
  });
}

describe("onboarding an MSP, and sessions over HTTP", () => {
  let db: Database;
  let url: string;
  let server: AppServer;
  let smtp: SmtpReceiver;
  let existing: TestWorkspace;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    process.env.SMTP_URL = smtp.url;
    ({ db, url } = await createTestDatabase());
    existing = await createTestWorkspace(db, "Existing");
    server = await startAppServer({
      databaseUrl: url,
      env: {
        PLATFORM_API_TOKEN: platformToken,
        SMTP_URL: smtp.url,
        BILLBRIDGE_DEMO: "0",
        CW_CLIENT_ID: "6f1b0a52-2a3b-4c5d-8e9f-0a1b2c3d4e5f",
      },
    });
  }, 400_000);
  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  it("creates a workspace from the command line and prints the owner's invitation link", async () => {
    const result = await runWorkspaceCli(
      ["create", "--name", "Acme MSP", "--slug", "acme", "--owner-email", "Ann@Acme.test"],
      url,
    );
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('Created workspace "Acme MSP" (acme');
    expect(result.output).toContain(
      "No email was sent (SMTP_URL is not set): send this link to ann@acme.test yourself.",
    );
    const link = /https:\/\/console\.billbridge\.test\/invitations\/\S+/.exec(result.output)?.[0];
    expect(link).toBeDefined();
    expect(await viewInvitation(db, { token: link!.split("/").pop()! })).toMatchObject({
      state: "valid",
      workspaceName: "Acme MSP",
      email: "ann@acme.test",
      role: "owner",
    });
    const [workspace] = await db.select().from(workspaces).where(eq(workspaces.slug, "acme"));
    const created = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.workspaceId, workspace!.id), eq(auditEvents.action, "workspace.created")));
    expect(created).toEqual([expect.objectContaining({ details: expect.objectContaining({ via: "command-line" }) })]);

    const again = await runWorkspaceCli(
      ["create", "--name", "Acme again", "--slug", "acme", "--owner-email", "bob@acme.test"],
      url,
    );
    expect(again.code).toBe(1);
    expect(again.output).toContain('A workspace with the slug "acme" already exists.');
    const missing = await runWorkspaceCli(["create", "--name", "No slug"], url);
    expect(missing.code).toBe(2);
    expect(missing.output).toContain("--slug: required");
  }, 120_000);

  it("creates a workspace through the platform API, answering problems as problem+json", async () => {
    const post = (body: unknown, token: string | null = platformToken) =>
      fetch(`${server.url}/api/v1/workspaces`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    const body = { name: "Bolt IT", slug: "bolt-it", ownerEmail: "owner@bolt.test" };

    const anonymous = await post(body, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await anonymous.json()).toMatchObject({ status: 401, title: "Unauthorized" });
    expect((await post(body, `${platformToken}x`)).status).toBe(401);

    const invalid = await post({ name: "", slug: "Not A Slug", ownerEmail: "nope" });
    expect(invalid.status).toBe(422);
    const invalidProblem = (await invalid.json()) as { status: number; errors: Array<{ path: string }> };
    expect(invalidProblem.status).toBe(422);
    expect(invalidProblem.errors.map((error) => error.path).sort()).toEqual(["name", "ownerEmail", "slug"]);

    const created = await post(body);
    expect(created.status).toBe(201);
    const payload = (await created.json()) as {
      workspace: { slug: string };
      invitationLink: string;
      mailSent: boolean;
    };
    expect(payload).toMatchObject({ workspace: { name: "Bolt IT", slug: "bolt-it" }, mailSent: true });
    expect(payload.invitationLink).toMatch(new RegExp(`^${server.url}/invitations/`));
    const mail = await smtp.waitFor((message) => message.to.includes("owner@bolt.test"));
    expect(linkIn(mail, "/invitations/")).toBe(payload.invitationLink);

    const page = await fetch(payload.invitationLink);
    expect(page.status).toBe(200);
    expect((await page.text()).replace(/<!-- -->/g, "")).toContain("Join Bolt IT");

    const duplicate = await post(body);
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ status: 409, errors: [{ path: "slug", message: "Already taken" }] });
  });

  it("records sign-ins with the client address, and a new password ends the person's other sessions", async () => {
    const person = existing.users.admin;
    const failed = await signIn(server.url, person.email, "not the password");
    expect(failed.location).toMatch(/error=CredentialsSignin/);
    const { jar } = await signIn(server.url, person.email, testPassword);
    const before = await fetch(`${server.url}/organizations`, {
      redirect: "manual",
      headers: { cookie: jar.header() },
    });
    expect(before.status).toBe(200);

    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.workspaceId, existing.id), eq(auditEvents.actorUserId, person.id)));
    expect(events.map((event) => event.action).sort()).toEqual(["sign-in.failed", "sign-in.succeeded"]);
    expect(events.every((event) => event.ipAddress && event.ipAddress !== "unknown")).toBe(true);
    const [signedIn] = await db.select({ at: users.lastSignInAt }).from(users).where(eq(users.id, person.id));
    expect(signedIn!.at).toBeInstanceOf(Date);

    await requestPasswordReset(db, { email: person.email, address: "192.0.2.50", baseUrl: server.url });
    const link = linkIn(await smtp.waitFor((mail) => mail.to.includes(person.email)), "/reset-password/");
    const resetPage = await fetch(link);
    expect(await resetPage.text()).toContain("Choose a new password");
    await completePasswordReset(db, { token: link.split("/").pop()!, password: "a brand new password", address: null });

    const after = await fetch(`${server.url}/organizations`, { redirect: "manual", headers: { cookie: jar.header() } });
    expect([302, 303, 307]).toContain(after.status);
    expect(after.headers.get("location")).toMatch(/\/sign-in/);
    const signInPage = await fetch(`${server.url}/sign-in`, { redirect: "manual", headers: { cookie: jar.header() } });
    expect(signInPage.status).toBe(200);

    const fresh = await signIn(server.url, person.email, "a brand new password");
    const page = await fetch(`${server.url}/organizations`, { headers: { cookie: fresh.jar.header() } });
    expect(page.status).toBe(200);
  });
});
