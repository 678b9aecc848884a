/**
 * `npm run workspace -- create --name "<MSP name>" --slug <slug> --owner-email <email>`: onboards an
 * MSP (a workspace and its owner's invitation) and prints the invitation link.
 */
import { parseArgs } from "node:util";
import { getDb } from "@/db";
import { SafeError } from "@/lib/errors";
import { createWorkspace } from "@/lib/people/create-workspace";
import { publicBaseUrl } from "@/lib/people/public-url";
import { prepareRuntime, runMain } from "@/lib/runtime/bootstrap";
import { createWorkspaceSchema } from "@/lib/schemas/workspaces";

const usage = 'Usage: npm run workspace -- create --name "<MSP name>" --slug <slug> --owner-email <email>';

runMain(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: "string" }, slug: { type: "string" }, "owner-email": { type: "string" } },
  });
  if (positionals[0] !== "create" || positionals.length !== 1) {
    console.error(usage);
    process.exit(2);
  }
  const parsed = createWorkspaceSchema.safeParse({
    name: values.name,
    slug: values.slug,
    ownerEmail: values["owner-email"],
  });
  if (!parsed.success) {
    const flags: Record<string, string> = { name: "--name", slug: "--slug", ownerEmail: "--owner-email" };
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      console.error(`${flags[field] ?? field}: ${issue.input === undefined ? "required" : issue.message}`);
    }
    console.error(usage);
    process.exit(2);
  }
  const runtime = await prepareRuntime({ allowEmbedded: true, nodeEnv: "production" });
  try {
    const { workspace, invitation } = await createWorkspace(getDb(), {
      ...parsed.data,
      baseUrl: publicBaseUrl(),
      via: "command-line",
      address: null,
    });
    console.log(`Created workspace "${workspace.name}" (${workspace.slug}, id ${workspace.id}).`);
    console.log(
      invitation.mailSent
        ? `Invitation emailed to ${invitation.email}.`
        : `No email was sent (SMTP_URL is not set): send this link to ${invitation.email} yourself.`,
    );
    console.log(`Owner invitation link (single use, expires ${invitation.expiresAt.toISOString()}):`);
    console.log(invitation.link);
  } catch (error) {
    if (error instanceof SafeError) {
      console.error(error.message);
      process.exitCode = 1;
    } else throw error;
  } finally {
    await runtime.close();
  }
});
