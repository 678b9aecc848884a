import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { Database } from "./index";
import { accounts, users } from "./schema";

/** next-auth's storage of users and their linked sign-in accounts (Microsoft Entra ID) in our tables. */
export function createAuthAdapter(db: Database) {
  return DrizzleAdapter(db, { usersTable: users, accountsTable: accounts });
}
