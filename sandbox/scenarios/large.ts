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

/** Names written without spaces between words, with their countries' legal forms, for every tenth company. */
const SCRIPT_NAME_STEMS = [
  "トヨタ自動車",
  "さくら情報システム",
  "東京精密工業",
  "台湾积体电路制造",
  "北京字节跳动科技",
  "華碩電腦",
  "ปูนซิเมนต์ไทย",
  "สยามแม็คโคร",
  "삼성전자",
  "카카오모빌리티",
  "Mueller Baeckerei",
  "Großhandel Weiß",
];
const SCRIPT_LEGAL_FORMS = [
  (stem: string) => `${stem}株式会社`,
  (stem: string) => `株式会社${stem}`,
  (stem: string) => `${stem}股份有限公司`,
  (stem: string) => `${stem}有限公司`,
  (stem: string) => `บริษัท ${stem} จำกัด (มหาชน)`,
  (stem: string) => `${stem} 주식회사`,
  (stem: string) => `${stem} GmbH`,
];

function describeLargeCompanyName(random: Random, index: number): string {
  const name = `${random.pick(NAME_FIRST)} ${random.pick(NAME_SECOND)}${random.pick(NAME_SUFFIX)}`;
  const branch = random.chance(0.35);
  // Every tenth name is in another script (chosen by position, so the random sequence stays the same).
  if (index % 10 === 0) {
    const stem = SCRIPT_NAME_STEMS[(index / 10) % SCRIPT_NAME_STEMS.length]!;
    const form = SCRIPT_LEGAL_FORMS[Math.floor(index / 10 / SCRIPT_NAME_STEMS.length) % SCRIPT_LEGAL_FORMS.length]!;
    return `${form(stem)} ${index}`.slice(0, 50);
  }
  // Real tenants have many near-duplicates; a branch number keeps some apart the way MSPs do.
  return branch ? `${name} #${index}`.slice(0, 50) : name;
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
