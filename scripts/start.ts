/**
 * `npm start` (production build) and `npm run dev` (hot reload): one process that runs the web
 * console, the job workers and, when DATABASE_URL is unset, an embedded PostgreSQL. Ctrl-C or SIGTERM
 * stops all of it.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { log, onTerminationSignal, prepareRuntime, projectRoot, runMain } from "@/lib/runtime/bootstrap";

const dev = process.argv.includes("--dev");

runMain(async () => {
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  const runtime = await prepareRuntime({ allowEmbedded: true, nodeEnv: dev ? "development" : "production" });
  const { environment } = runtime;
  const stops: Array<() => Promise<void>> = [];
  let server: http.Server | undefined;

  const shutdown = async () => {
    if (server) {
      const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
      server.closeAllConnections();
      await closing;
    }
    for (const stop of stops.reverse()) await stop().catch((error) => console.error("[billbridge]", error));
    await runtime.close();
    log("Stopped");
  };
  onTerminationSignal(shutdown);
  try {
    await serve();
  } catch (error) {
    // Stop what already started (workers, the embedded database) before reporting the failure.
    await shutdown().catch(() => {});
    throw error;
  }

  async function serve() {
    if (runtime.demo && environment.SANDBOX === "on") {
      const sandbox = await startDemoSandbox(environment.SANDBOX_PORT);
      stops.push(() => sandbox.stop());
    }

    if (environment.WORKERS === "in-process") {
      const { startJobWorkers } = await import("@/jobs/worker");
      const { stopJobs } = await import("@/jobs/send");
      await startJobWorkers({ log });
      stops.push(() => stopJobs());
    } else {
      log("Job workers are off in this process (WORKERS=off); run `npm run worker` separately");
    }

    if (!dev && !existsSync(path.join(projectRoot, ".next/BUILD_ID"))) {
      log("No production build found; building (next build)…");
      await buildProductionBundle();
    }

    const { default: next } = await import("next");
    const app = next({ dev, dir: projectRoot, hostname: "localhost", port: environment.PORT });
    await app.prepare();
    const handle = app.getRequestHandler();
    server = http.createServer((request, response) => void handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(environment.PORT, environment.HOST, resolve);
    });
    stops.push(() => app.close?.() ?? Promise.resolve());

    const url = `http://localhost:${environment.PORT}`;
    log(`Billbridge console ${dev ? "(development) " : ""}is running at ${url}`);
    if (runtime.demo) {
      const { demoPassword, demoUsers } = await import("@/db/seed");
      for (const user of demoUsers) log(`Demo sign-in (${user.role}): ${user.email} / ${demoPassword}`);
    }
  }
});

/**
 * The demo's local ConnectWise: on SANDBOX_PORT, or on a free port when that one is taken. The
 * Integrations page offers its site, company and keys (read from BILLBRIDGE_SANDBOX_INFO).
 */
async function startDemoSandbox(port: number) {
  const { startSandbox } = await import("@/sandbox/index");
  const { demoSandboxVariable } = await import("@/lib/runtime/demo-sandbox");
  let sandbox;
  try {
    sandbox = await startSandbox({ scenario: "demo", port, host: "127.0.0.1", quiet: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    log(`Port ${port} is taken; starting the ConnectWise sandbox on a free port instead`);
    sandbox = await startSandbox({ scenario: "demo", port: 0, host: "127.0.0.1", quiet: true });
  }
  const { site, companyId, members } = sandbox.describe();
  process.env[demoSandboxVariable] = JSON.stringify({ site, companyId, members });
  log(`ConnectWise sandbox (demo) at ${site}, company "${companyId}"; its keys are offered in Settings › Integrations`);
  return sandbox;
}

function buildProductionBundle(): Promise<void> {
  return new Promise((resolve, reject) => {
    const build = spawn(process.execPath, [path.join(projectRoot, "node_modules/next/dist/bin/next"), "build"], {
      cwd: projectRoot,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    });
    build.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`next build failed with exit code ${code}`)),
    );
    build.on("error", reject);
  });
}
