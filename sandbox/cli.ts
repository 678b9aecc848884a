// `npm run sandbox` - a standalone ConnectWise PSA sandbox.
// Options: --port N (or SANDBOX_PORT, default 4010), --host H, --scenario demo|large|empty, --seed N,
// --companies N, --agreements N (large), --tls, --rate-limit N (requests per minute per member), --quiet.
import { DEFAULT_PORT } from "./choices";
import { startSandbox } from "./index";
import { SCENARIO_NAMES, type ScenarioName } from "./scenarios/index";

function readArguments(argv: string[]): Map<string, string | true> {
  const parsed = new Map<string, string | true>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (!argument.startsWith("--")) throw new Error(`Unexpected argument ${argument}`);
    const [name, inline] = argument.slice(2).split("=", 2);
    if (inline !== undefined) parsed.set(name, inline);
    else if (argv[index + 1] !== undefined && !argv[index + 1].startsWith("--")) parsed.set(name, argv[++index]);
    else parsed.set(name, true);
  }
  return parsed;
}

function readInteger(value: string | true | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value === true || !Number.isInteger(number) || number < 0) throw new Error(`--${name} needs a whole number`);
  return number;
}

async function main(): Promise<void> {
  const args = readArguments(process.argv.slice(2));
  const known = new Set(["port", "host", "scenario", "seed", "companies", "agreements", "tls", "rate-limit", "quiet"]);
  for (const name of args.keys()) if (!known.has(name)) throw new Error(`Unknown option --${name}`);
  const scenario = (args.get("scenario") ?? "demo") as ScenarioName;
  if (!SCENARIO_NAMES.includes(scenario)) throw new Error(`--scenario must be one of ${SCENARIO_NAMES.join(", ")}`);
  const sandbox = await startSandbox({
    port:
      readInteger(args.get("port"), "port") ?? readInteger(process.env.SANDBOX_PORT, "SANDBOX_PORT") ?? DEFAULT_PORT,
    host: typeof args.get("host") === "string" ? (args.get("host") as string) : undefined,
    scenario,
    seed: readInteger(args.get("seed"), "seed"),
    companies: readInteger(args.get("companies"), "companies"),
    agreements: readInteger(args.get("agreements"), "agreements"),
    tls: args.get("tls") === true,
  });
  const rateLimit = readInteger(args.get("rate-limit"), "rate-limit");
  if (rateLimit !== undefined) sandbox.configure({ rateLimitPerMinute: rateLimit });
  console.log(`SANDBOX ${JSON.stringify(sandbox.describe())}`);
  if (!args.get("quiet")) {
    console.error(
      `ConnectWise sandbox (${scenario}) at ${sandbox.url}; operator endpoints at ${sandbox.url}/__sandbox. Ctrl+C stops it.`,
    );
  }
  const stop = () => {
    sandbox.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
