/**
 * The architecture's rules (README › Architecture), checked by `npm run check:architecture`.
 * tests/foundation/architecture.test.ts proves each rule fails on a broken import.
 */

// Product code: everything that ships. bench/, tests/ and sandbox/ are not product.
const product = "^(app|components|db|jobs|lib|scripts)/|^proxy\\.ts$";

// "Runs SQL" = imports a runtime value (not only types) from drizzle-orm, postgres or the table
// definitions in db/schema. Besides db/, only these infrastructure modules may:
const sqlInfrastructure = [
  "^lib/connection/rate-limiter\\.ts$", // the shared ConnectWise rate limiter (buckets and leases)
  "^lib/sync/mapping-lock\\.ts$", // the per-mapping advisory locks
  "^lib/auth/throttle\\.ts$", // the sign-in throttle
];

// The demo startup is the one product file that may start the ConnectWise sandbox.
const demoStartup = ["^scripts/start\\.ts$"];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "No import cycles. Type-only imports count too: they still tie two modules together.",
      from: {},
      to: { circular: true },
    },
    {
      name: "components-not-app",
      severity: "error",
      comment: "components/ never imports from app/ (server wrappers live in lib/server-actions/).",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "wire-format-only-in-connectwise",
      severity: "error",
      comment: "Only lib/connectwise knows ConnectWise's JSON: wire-format.ts is imported only there.",
      from: { pathNot: "^lib/connectwise/" },
      to: { path: "^lib/connectwise/wire-format\\.ts$" },
    },
    {
      name: "http-only-in-connectwise",
      severity: "error",
      comment:
        "Only lib/connectwise speaks HTTP to ConnectWise (ofetch and its guarded fetch). Alert webhooks are the one other admin-chosen fetch target: lib/alerts/post-webhook.ts reuses the guarded fetch's address guard (and nothing of the wire format) instead of copying it.",
      from: { path: product, pathNot: ["^lib/connectwise/", "^lib/alerts/post-webhook\\.ts$"] },
      to: { path: ["^node_modules/ofetch/", "^lib/connectwise/(http|guarded-fetch)\\.ts$"] },
    },
    {
      name: "sql-only-in-db",
      severity: "error",
      comment:
        "Only db/ and the named infrastructure modules run SQL: nothing else imports drizzle-orm, postgres or the db/schema tables as values.",
      from: { path: product, pathNot: ["^db/", ...sqlInfrastructure] },
      to: {
        path: ["^node_modules/(drizzle-orm|postgres)/", "^db/schema(/|\\.ts$)"],
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "sandbox-is-standalone",
      severity: "error",
      comment: "sandbox/ imports nothing of the product (only itself and packages).",
      from: { path: "^sandbox/" },
      to: { pathNot: ["^sandbox/", "^node_modules/"], dependencyTypesNot: ["core"] },
    },
    {
      name: "sandbox-only-in-demo-bench-tests",
      severity: "error",
      comment: "The product imports sandbox/ only in the demo startup; bench/ and tests/ may.",
      from: { path: product, pathNot: demoStartup },
      to: { path: "^sandbox/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(\\.next|\\.data|\\.tools|coverage)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
