// A seeded generator for benchmark-sized tenants (e.g. 20,000 companies and 40,000 agreements).
import { addDays } from "../datetime";
import type { Random } from "../random";
import { createAgreement, createCompany, deriveIdentifier, type CreatedCompany } from "./clients";
import { addHandAdditions } from "./demo";
import type { ScenarioWriter } from "./scenario-writer";
import type { SetupTables } from "./setup-tables";
import type { StoredRecord } from "../store";

const NAME_FIRST = [
  "Blue",
  "North",
  "Summit",
  "River",
  "Oak",
  "Silver",
  "Granite",
  "Harbor",
  "Cedar",
  "Pioneer",
  "Liberty",
  "Eagle",
  "Maple",
  "Coastal",
  "Golden",
  "Prairie",
  "Union",
  "Crescent",
  "Beacon",
  "Sterling",
  "Müller",
  "O'Neil",
  "Côté",
  "Søndergaard",
  "García",
];
const NAME_SECOND = [
  "Dental",
  "Logistics",
  "Legal",
  "Engineering",
  "Realty",
  "Bakery",
  "Motors",
  "Medical",
  "Consulting",
  "Design",
  "Foods",
  "Insurance",
  "Partners",
  "Builders",
  "Veterinary",
  "Accounting",
  "Printing",
  "Electric",
  "Travel",
  "Outfitters",
];
const NAME_SUFFIX = ["", "", " Inc", " LLC", " Ltd", " Co.", " Group", " & Sons", " GmbH", " PC", " Corp"];

function describeLargeCompanyName(random: Random, index: number): string {
  const name = `${random.pick(NAME_FIRST)} ${random.pick(NAME_SECOND)}${random.pick(NAME_SUFFIX)}`;
  // Real tenants have many near-duplicates; a branch number keeps some apart the way MSPs do.
  return random.chance(0.35) ? `${name} #${index}`.slice(0, 50) : name;
}

export function createLargeCompanies(
  writer: ScenarioWriter,
  setup: SetupTables,
  catalog: Record<string, StoredRecord>,
  random: Random,
  today: Date,
  counts: { companies: number; agreements: number },
): void {
  const taken = new Set<string>();
  const clients: CreatedCompany[] = [];
  for (let index = 1; index <= counts.companies; index++) {
    const name = describeLargeCompanyName(random, index);
    const roll = random.next();
    const client = createCompany(
      writer,
      setup,
      {
        name,
        identifier: deriveIdentifier(name, taken),
        status: roll < 0.03 ? "Inactive" : roll < 0.04 ? "Credit Hold" : "Active",
        types: [roll < 0.06 ? "Prospect" : roll < 0.07 ? "Vendor" : "Client"],
        country: random.chance(0.85) ? "US" : random.pick(["CA", "GB", "DE", "FR", "AU"]),
        addressLine1: `${random.integer(1, 9800)} Commerce Dr`,
        city: random.pick(["Tampa", "Austin", "Denver", "Toronto", "Leeds", "Köln", "Lyon", "Perth"]),
        zip: String(random.integer(10000, 99999)),
        phoneNumber: `${random.integer(200, 989)}-555-${String(random.integer(1000, 9999))}`,
        contacts: ["Primary Contact"],
      },
      { at: addDays(today, -random.integer(30, 3000)), by: "jsmith" },
    );
    clients.push(client);
    if (random.chance(0.02))
      writer.softDeleteCompany(client.company.id, { at: addDays(today, -random.integer(1, 200)), by: "jsmith" });
  }
  if (clients.length === 0) return;
  for (let index = 0; index < counts.agreements; index++) {
    // Every company gets one before any gets a second.
    const client = index < clients.length ? clients[index] : random.pick(clients);
    const roll = random.next();
    const shape = roll < 0.8 ? "active" : roll < 0.9 ? "expired" : roll < 0.98 ? "cancelled" : "future";
    const type = random.pick([
      "Managed Services",
      "Managed Services",
      "Security Services",
      "Backup as a Service",
      "Block Time",
    ]);
    const agreement = createAgreement(writer, setup, client, { name: type, type, shape }, today, random);
    if (shape !== "future" && random.chance(0.5)) addHandAdditions(writer, agreement, catalog, setup, random, today);
  }
}
