/** `npm run db:migrate`: applies migrations to DATABASE_URL (or the embedded database). */
import { log, prepareRuntime, runMain } from "@/lib/runtime/bootstrap";

runMain(async () => {
  const runtime = await prepareRuntime({ allowEmbedded: true, nodeEnv: "production" });
  log("Migrations applied");
  await runtime.close();
});
