import { beforeAll, describe, expect, it } from "vitest";
import { verifyCredentials } from "@/lib/auth/credentials";
import { countFailures, signInThrottle } from "@/lib/auth/throttle";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, testPassword, type TestWorkspace } from "../harness/workspaces";

describe("password sign-in", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  beforeAll(async () => {
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Signin");
  });

  it("accepts the right password, case-insensitively on the email", async () => {
    const verdict = await verifyCredentials(
      db,
      { email: workspace.users.owner.email.toUpperCase(), password: testPassword },
      "10.0.0.1",
    );
    expect(verdict).toMatchObject({ ok: true, user: { id: workspace.users.owner.id } });
  });

  it("refuses a wrong password and an unknown email with the same message", async () => {
    const wrong = await verifyCredentials(db, { email: workspace.users.admin.email, password: "nope" }, "10.0.0.2");
    const unknown = await verifyCredentials(db, { email: "nobody@example.com", password: "nope" }, "10.0.0.2");
    expect(wrong).toEqual({ ok: false, reason: "invalid", message: "That email and password don't match an account." });
    expect(unknown).toEqual(wrong);
  });

  it("throttles an account after repeated failures, even with the right password, with a clear message", async () => {
    const email = workspace.users.viewer.email;
    for (let attempt = 0; attempt < signInThrottle.perAccount; attempt++) {
      await verifyCredentials(db, { email, password: `wrong-${attempt}` }, `10.1.0.${attempt}`);
    }
    const verdict = await verifyCredentials(db, { email, password: testPassword }, "10.1.0.99");
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.reason).toBe("throttled");
      expect(verdict.message).toMatch(/Too many failed sign-ins for this account\. Try again in \d+ minutes?/);
    }
  });

  it("lets exactly the account's limit of 20 simultaneous wrong passwords reach the password check", async () => {
    const email = workspace.users.owner.email;
    const verdicts = await Promise.all(
      Array.from({ length: 20 }, (_, attempt) =>
        verifyCredentials(db, { email, password: `wrong-${attempt}` }, `10.2.0.${attempt}`),
      ),
    );
    const checked = verdicts.filter((verdict) => !verdict.ok && verdict.reason === "invalid");
    const refused = verdicts.filter((verdict) => !verdict.ok && verdict.reason === "throttled");
    expect(checked).toHaveLength(signInThrottle.perAccount);
    expect(refused).toHaveLength(20 - signInThrottle.perAccount);
    expect(await countFailures(db, `account:${email}`)).toBe(signInThrottle.perAccount);
  });

  it("throttles a client address that tries many accounts", async () => {
    const address = "192.0.2.50";
    for (let attempt = 0; attempt < signInThrottle.perAddress; attempt++) {
      await verifyCredentials(db, { email: `guess${attempt}@example.com`, password: "x" }, address);
    }
    const verdict = await verifyCredentials(
      db,
      { email: workspace.users.admin.email, password: testPassword },
      address,
    );
    expect(verdict).toMatchObject({ ok: false, reason: "throttled" });
    if (!verdict.ok) expect(verdict.message).toMatch(/from your network/);
    // Another address is not affected.
    expect(
      (await verifyCredentials(db, { email: workspace.users.admin.email, password: testPassword }, "192.0.2.51")).ok,
    ).toBe(true);
  });
});
