// Scenarios: deterministic from a seed. Dates are relative to the day the sandbox starts, so that
// "active" and "expired" agreements stay so whenever it runs.
import { addDays, startOfDay } from "../datetime";
import { createRandom } from "../random";
import { Store } from "../store";
import { createCatalog } from "./catalog";
import { createDemoCompanies } from "./demo";
import { createLargeCompanies } from "./large";
import { ScenarioWriter } from "./scenario-writer";
import { createSetupTables } from "./setup-tables";

export type ScenarioName = "demo" | "large" | "empty";
export const SCENARIO_NAMES: readonly ScenarioName[] = ["demo", "large", "empty"];

export interface ScenarioOptions {
  seed: number;
  companies?: number; // large only
  agreements?: number; // large only
  today?: Date;
}

export const DEFAULT_LARGE_COMPANIES = 2000;

export function buildScenario(name: ScenarioName, options: ScenarioOptions): Store {
  const store = new Store();
  const today = startOfDay(options.today ?? new Date());
  const random = createRandom(options.seed);
  const writer = new ScenarioWriter(store, name === "large");
  const setupAuthorship = { at: addDays(today, -3000), by: "mbrennan" };
  // Every tenant, even an "empty" one, has its setup tables.
  const setup = createSetupTables(writer, setupAuthorship);
  if (name === "empty") return store;
  const catalog = createCatalog(writer, setup, { at: addDays(today, -1500), by: "mbrennan" });
  if (name === "demo") createDemoCompanies(writer, setup, catalog, random, today);
  else {
    const companies = options.companies ?? DEFAULT_LARGE_COMPANIES;
    createLargeCompanies(writer, setup, catalog, random, today, {
      companies,
      agreements: options.agreements ?? companies * 2,
    });
  }
  return store;
}
