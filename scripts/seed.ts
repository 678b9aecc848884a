/** `npm run db:seed`: seeds the demo workspace into DATABASE_URL (or the embedded database). Idempotent. */
import { getDb } from "@/db";
import { seedDemoWorkspace } from "@/db/seed";
import { log, prepareRuntime, runMain } from "@/lib/runtime/bootstrap";

runMain(async () => {
  const runtime = await prepareRuntime({ allowEmbedded: true, nodeEnv: "production" });
  const result = await seedDemoWorkspace(getDb());
  log(result.created ? "Demo workspace seeded" : "Demo workspace already present; nothing changed");
  await runtime.close();
});
