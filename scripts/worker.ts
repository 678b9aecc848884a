/**
 * `npm run worker`: runs the job workers alone, for scaling out. Needs DATABASE_URL (the same database
 * as the web processes, which then only send jobs: start them with WORKERS=off).
 */
import { log, onTerminationSignal, prepareRuntime, runMain } from "@/lib/runtime/bootstrap";

runMain(async () => {
  const runtime = await prepareRuntime({ allowEmbedded: false, nodeEnv: "production" });
  const { startJobWorkers } = await import("@/jobs/worker");
  const { stopJobs } = await import("@/jobs/send");
  onTerminationSignal(async () => {
    await stopJobs();
    await runtime.close();
    log("Worker stopped");
  });
  await startJobWorkers({ log });
  log("Worker running; Ctrl-C to stop");
});
