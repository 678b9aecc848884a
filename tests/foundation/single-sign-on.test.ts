import { beforeAll, describe, expect, it } from "vitest";
import { admitSingleSignOn } from "@/lib/auth/single-sign-on";
import { entraTenantOfIssuer } from "@/lib/auth/entra-tenant";
import { parseEnvironment } from "@/lib/env";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";

const tenant = "8f7a1c2e-0b3d-4e5f-9a6b-7c8d9e0f1a2b";
const issuer = `https://login.microsoftonline.com/${tenant}/v2.0`;
const otherTenant = "11111111-2222-4333-8444-555555555555";

describe("Microsoft Entra ID sign-in", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>["db"];
  let workspace: TestWorkspace;
  beforeAll(async () => {
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "Sso");
  });

  it("admits a member's email only from the configured tenant", async () => {
    const email = workspace.users.admin.email;
    expect(await admitSingleSignOn(db, { issuer, email, profile: { tid: tenant, iss: issuer } })).toBe(true);
    // Someone who set the member's address on an account in their own tenant.
    expect(
      await admitSingleSignOn(db, {
        issuer,
        email,
        profile: { tid: otherTenant, iss: `https://login.microsoftonline.com/${otherTenant}/v2.0` },
      }),
    ).toBe("/sign-in?error=WrongTenant");
    expect(await admitSingleSignOn(db, { issuer, email, profile: { tid: otherTenant, iss: issuer } })).toBe(
      "/sign-in?error=WrongTenant",
    );
    expect(await admitSingleSignOn(db, { issuer, email, profile: {} })).toBe("/sign-in?error=WrongTenant");
    // The right tenant, but nobody invited that address.
    expect(
      await admitSingleSignOn(db, { issuer, email: "stranger@sso.example", profile: { tid: tenant, iss: issuer } }),
    ).toBe("/sign-in?error=NotInvited");
  });

  it("accepts only a tenant's own issuer in AUTH_MICROSOFT_ENTRA_ID_ISSUER", () => {
    const base = {
      AUTH_SECRET: "x".repeat(32),
      APP_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
      AUTH_MICROSOFT_ENTRA_ID_ID: "client",
      AUTH_MICROSOFT_ENTRA_ID_SECRET: "secret",
    };
    expect(entraTenantOfIssuer(issuer)).toBe(tenant);
    expect(parseEnvironment({ ...base, AUTH_MICROSOFT_ENTRA_ID_ISSUER: issuer }).AUTH_MICROSOFT_ENTRA_ID_ISSUER).toBe(
      issuer,
    );
    for (const open of ["common", "organizations", "consumers"]) {
      expect(() =>
        parseEnvironment({
          ...base,
          AUTH_MICROSOFT_ENTRA_ID_ISSUER: `https://login.microsoftonline.com/${open}/v2.0`,
        }),
      ).toThrow(/AUTH_MICROSOFT_ENTRA_ID_ISSUER must be your tenant's issuer/);
    }
    expect(() =>
      parseEnvironment({ ...base, AUTH_MICROSOFT_ENTRA_ID_ISSUER: `https://login.example.test/${tenant}/v2.0` }),
    ).toThrow(/AUTH_MICROSOFT_ENTRA_ID_ISSUER/);
  });
});
