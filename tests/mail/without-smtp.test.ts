import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db";
import { invitePersonAction } from "@/lib/actions/people";
import { sendMail } from "@/lib/mail";
import { viewInvitation } from "@/lib/people/accept-invitation";
import { createTestDatabase } from "../harness/database";
import { createTestWorkspace, type TestWorkspace } from "../harness/workspaces";

describe("without SMTP_URL", () => {
  let db: Database;
  let workspace: TestWorkspace;
  beforeAll(async () => {
    delete process.env.SMTP_URL;
    ({ db } = await createTestDatabase());
    workspace = await createTestWorkspace(db, "NoMail");
  });

  it("sends nothing and says so", async () => {
    expect(await sendMail({ to: "someone@example.test", subject: "Hello", text: "Hi" })).toEqual({ sent: false });
  });

  it("gives the inviter the link to copy", async () => {
    const context = { ...(await workspace.as("admin")), baseUrl: "http://console.billbridge.test" };
    const result = await invitePersonAction.execute(context, { email: "copy@example.test", role: "viewer" });
    expect(result).toMatchObject({ ok: true, data: { mailSent: false } });
    if (!result.ok || !result.data.link) throw new Error("no link");
    expect(result.data.link).toMatch(/^http:\/\/console\.billbridge\.test\/invitations\//);
    expect(await viewInvitation(db, { token: result.data.link.split("/").pop()! })).toMatchObject({
      state: "valid",
      email: "copy@example.test",
    });
  });
});
