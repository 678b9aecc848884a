/**
 * `npm run -s api-token -- create --workspace <slug> --name <name> [--scopes read,write]`: creates a
 * platform API token and prints only the token on stdout (messages go to stderr), so
 * `TOKEN=$(npm run -s api-token -- create ...)` works. Without `-s` npm itself writes its banner
 * ("> billbridge@0.1.0 api-token" and the command) to stdout before the token; the script cannot
 * suppress that, so it says so on stderr. Uses DATABASE_URL, or the embedded database of a running
 * `npm start`, or starts the embedded database itself.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { getDb } from "@/db";
import { findWorkspaceBySlug } from "@/db/queries/workspaces";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { prepareRuntime, projectRoot } from "@/lib/runtime/bootstrap";
import { findRunningEmbeddedPostgresUrl } from "@/lib/runtime/embedded-postgres";

const usage = "Usage: npm run -s api-token -- create --workspace <slug> --name <name> [--scopes read,write]";

const help = `${usage}

Creates a platform API token for the workspace and prints only the token on stdout:
  TOKEN=$(npm run -s api-token -- create --workspace northstar-msp --name "SASE platform")
Keep -s (--silent): without it npm writes its own banner lines to stdout before the token.

  --workspace <slug>   the workspace the token acts for
  --name <name>        what the token is for (shown on Settings › API tokens and in the audit log)
  --scopes read,write  "read", "write" or both (default both)
`;

/** True when npm runs this script without --silent, so its banner went to stdout before anything of ours. */
function npmBannerOnStdout(): boolean {
  return process.env.npm_lifecycle_event === "api-token" && process.env.npm_config_loglevel !== "silent";
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      workspace: { type: "string" },
      name: { type: "string" },
      scopes: { type: "string", default: "read,write" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(help);
    return;
  }
  if (positionals[0] !== "create" || positionals.length !== 1) fail(usage);
  const slug = values.workspace?.trim();
  const name = values.name?.trim();
  if (!slug || !name) fail(usage);
  if (name.length > 100) fail("The name may be at most 100 characters.");
  const scopes = values.scopes
    .split(",")
    .map((scope) => scope.trim())
    .filter(Boolean);
  const invalid = scopes.filter((scope) => scope !== "read" && scope !== "write");
  if (scopes.length === 0 || invalid.length > 0)
    fail(`Scopes are "read" and/or "write", separated by commas. ${usage}`);

  // Messages of the start-up go to stderr: stdout carries only the token.
  console.log = (...args: unknown[]) => console.error(...args);
  if (!process.env.DATABASE_URL) {
    const running = await findRunningEmbeddedPostgresUrl(path.join(projectRoot, ".data/postgres"), "billbridge");
    if (running) {
      // The console's own embedded database: the same self-contained trial settings it runs with.
      process.env.DATABASE_URL = running;
      process.env.BILLBRIDGE_DEMO ??= "1";
    }
  }
  const runtime = await prepareRuntime({ allowEmbedded: true, nodeEnv: "production" });
  try {
    const db = getDb();
    const workspace = await findWorkspaceBySlug(db, { slug });
    if (!workspace) fail(`No workspace with the slug "${slug}".`);
    const created = await createApiToken(db, {
      workspaceId: workspace.id,
      name,
      scopes: scopes as ("read" | "write")[],
      creator: null,
    });
    process.stdout.write(`${created.token}\n`);
    if (npmBannerOnStdout())
      console.error(
        "Note: npm printed its own lines on stdout before the token; use `npm run -s api-token -- …` to capture only the token.",
      );
  } finally {
    await runtime.close();
  }
}

main().catch((error) => fail(`[billbridge] ${error instanceof Error ? error.message : String(error)}`));
