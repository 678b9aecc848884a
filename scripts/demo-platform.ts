/**
 * `npm run demo:platform`: plays the vendor's SASE platform against the demo workspace of a running
 * console, through the platform API only — usage drifting every minute, a new organization now and
 * then — so a demo evolves as a real deployment would. Loopback only; stops after `--minutes`
 * (default 30) or on Ctrl-C, and revokes the token it created for itself.
 *
 *   npm run demo:platform -- [--url http://127.0.0.1:3000] [--minutes 30] [--interval 60] [--workspace northstar-msp]
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { getDb } from "@/db";
import { revokeApiToken } from "@/db/queries/api-tokens";
import { findWorkspaceBySlug } from "@/db/queries/workspaces";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { log, prepareRuntime, projectRoot } from "@/lib/runtime/bootstrap";
import { findRunningEmbeddedPostgresUrl } from "@/lib/runtime/embedded-postgres";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: `http://127.0.0.1:${process.env.PORT ?? "3000"}` },
    minutes: { type: "string", default: "30" },
    interval: { type: "string", default: "60" },
    workspace: { type: "string", default: "northstar-msp" },
  },
});

const baseUrl = new URL(values.url);
const minutes = Number(values.minutes);
const intervalSeconds = Number(values.interval);
if (!["127.0.0.1", "localhost", "[::1]"].includes(baseUrl.hostname) && !baseUrl.hostname.startsWith("127.")) {
  console.error(`demo:platform talks only to a console on this machine (loopback), not ${baseUrl.hostname}.`);
  process.exit(1);
}
if (!(minutes > 0 && minutes <= 24 * 60) || !(intervalSeconds >= 5 && intervalSeconds <= 3600)) {
  console.error("--minutes must be between 1 and 1440, --interval between 5 and 3600 seconds.");
  process.exit(1);
}

interface Organization {
  externalId: string;
  name: string;
  status: "active" | "suspended";
  usage: { quantities: Record<string, number> };
}

const newOrganizationNames = [
  "Harbor Freight Logistics",
  "Pinecrest Dental Group",
  "Summit Legal Partners",
  "Bluewater Marine Services",
  "Redwood Analytics",
  "Ironbridge Manufacturing",
  "Meadowlark Veterinary",
  "Crescent City Credit Union",
];

/** A small deterministic generator, so two runs of the demo tell the same story. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function main() {
  if (!process.env.DATABASE_URL) {
    const running = await findRunningEmbeddedPostgresUrl(path.join(projectRoot, ".data/postgres"), "billbridge");
    if (!running) {
      console.error("Start the console first (npm start); demo:platform plays against it.");
      process.exit(1);
    }
    process.env.DATABASE_URL = running;
    // The console's own embedded database: the same self-contained trial settings it runs with.
    process.env.BILLBRIDGE_DEMO ??= "1";
  }
  const runtime = await prepareRuntime({ allowEmbedded: true, nodeEnv: "production" });
  const db = getDb();
  const workspace = await findWorkspaceBySlug(db, { slug: values.workspace });
  if (!workspace) {
    await runtime.close();
    console.error(`No workspace "${values.workspace}".`);
    process.exit(1);
  }
  const token = await createApiToken(db, {
    workspaceId: workspace.id,
    name: "Demo platform (npm run demo:platform)",
    scopes: ["read", "write"],
    creator: null,
  });
  const random = createRandom(20261203);
  let stopping = false;
  let wake: (() => void) | null = null;
  const stop = () => {
    stopping = true;
    wake?.();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  const call = async <T>(method: string, pathname: string, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(`/api/v1${pathname}`, baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${token.token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${pathname} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  const listOrganizations = async (): Promise<Organization[]> => {
    const all: Organization[] = [];
    let cursor: string | null = null;
    do {
      const page: { organizations: Organization[]; nextCursor: string | null } = await call(
        "GET",
        `/organizations?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      all.push(...page.organizations);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  };

  const deadline = Date.now() + minutes * 60_000;
  log(`demo:platform: reporting to ${baseUrl.origin} every ${intervalSeconds} s for ${minutes} min (Ctrl-C stops)`);
  try {
    const { products } = await call<{ products: { sku: string; active: boolean }[] }>("GET", "/products");
    const skus = products.filter((product) => product.active).map((product) => product.sku);
    let tick = 0;
    let added = 0;
    while (!stopping && Date.now() < deadline) {
      tick += 1;
      const organizations = (await listOrganizations()).filter((organization) => organization.status === "active");
      const known = new Set(organizations.map((organization) => organization.externalId));
      // Names a previous run already added are skipped: each new organization is new to the workspace.
      while (added < newOrganizationNames.length && known.has(`org-demo-${String(added + 1).padStart(3, "0")}`))
        added += 1;
      if (tick % 5 === 1 && added < newOrganizationNames.length && skus.length > 0) {
        const name = newOrganizationNames[added]!;
        const externalId = `org-demo-${String(added + 1).padStart(3, "0")}`;
        added += 1;
        await call("PUT", `/organizations/${externalId}`, { name, status: "active" });
        const sku = skus[Math.floor(random() * skus.length)]!;
        organizations.push({ externalId, name, status: "active", usage: { quantities: { [sku]: 5 } } });
        log(`demo:platform: new organization ${name} (${externalId})`);
      }
      const batch = organizations.map((organization) => {
        const quantities: Record<string, number> = {};
        for (const [sku, quantity] of Object.entries(organization.usage.quantities)) {
          // Seats come and go a little: about one organization in three changes each minute.
          const drift = random() < 0.33 ? Math.round((random() - 0.45) * Math.max(2, quantity * 0.1)) : 0;
          quantities[sku] = Math.max(0, quantity + drift);
        }
        return { externalId: organization.externalId, quantities };
      });
      if (batch.length > 0) {
        const result = await call<{ applied: number; unchanged: number; stale: number }>("POST", "/usage", {
          asOf: new Date().toISOString(),
          organizations: batch,
        });
        log(`demo:platform: usage reported: ${result.applied} changed, ${result.unchanged} unchanged`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(intervalSeconds * 1000, Math.max(0, deadline - Date.now())));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    await revokeApiToken(db, { workspaceId: workspace.id, tokenId: token.id });
    await runtime.close();
    log("demo:platform: stopped (its token is revoked)");
  }
}

main().catch((error) => {
  console.error(`[billbridge] demo:platform failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
