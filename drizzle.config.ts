import { defineConfig } from "drizzle-kit";

// Drizzle owns schema `public`; pg-boss owns schema `pgboss` and is kept out of drizzle-kit's view.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  schemaFilter: ["public"],
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost:5432/billbridge" },
  strict: true,
  verbose: true,
});
