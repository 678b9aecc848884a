/**
 * `npm run worker`: runs the job workers alone, for scaling out. Needs DATABASE_URL (the same database
 * as the web processes, which then only send jobs: start them with WORKERS=off).
 */
import { log, onTerminationSignal, prepareRuntime, runMain } from "@/lib/runtime/bootstrap";

runMain(async () => {
  const runtime = await prepareRuntime({ allowEmbedded: false, nodeEnv: "production" });
  const { startJobWorkers } = await import("@/jobs/worker");
  const { stopJobs } = await import("@/jobs/send");
  const metricsPort = process.env.METRICS_PORT ? Number(process.env.METRICS_PORT) : null;
  const { startMetricsServer } = await import("@/lib/metrics/metrics-server");
  const metrics = metricsPort === null ? null : await startMetricsServer({ port: metricsPort });
  onTerminationSignal(async () => {
    await metrics?.close();
    await stopJobs(runtime.environment.STOP_GRACE_SECONDS * 1000);
    await runtime.close();
    log("Worker stopped");
  });
  await startJobWorkers({ log });
  log(`Worker running${metrics ? `, metrics on port ${metrics.port} (/metrics)` : ""}; Ctrl-C to stop`);
});
