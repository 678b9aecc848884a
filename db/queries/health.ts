import { sql } from "drizzle-orm";
import type { Database } from "../index";

/** One trivial query: resolves when the database answers, throws when it cannot be reached. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
