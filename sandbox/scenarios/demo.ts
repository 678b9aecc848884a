// The demo tenant: close ConnectWise counterparts of the product's demo organizations
// (db/seed/demo-organizations.ts), named the way an MSP actually typed them years ago, plus unrelated
// clients, vendors and a few deleted or inactive companies.
import { addDays } from "../datetime";
import type { Random } from "../random";
import { RECURRING_HAND_ITEMS } from "./catalog";
import {
  createAgreement,
  createCompany,
  createHandAddition,
  deriveIdentifier,
  type AgreementSeed,
  type CompanySeed,
  type CreatedCompany,
} from "./clients";
import type { ScenarioWriter } from "./scenario-writer";
import type { SetupTables } from "./setup-tables";
import type { StoredRecord } from "../store";

interface DemoCompany {
  name: string; // ConnectWise name (max 50 characters)
  counterpartOf?: readonly string[]; // the demo organizations it corresponds to
  identifier?: string;
  status?: string;
  types?: string[];
  country?: string;
  city?: string;
  deleted?: boolean;
  agreements?: Array<Omit<AgreementSeed, "billAmount">>;
}

const LONG_ORGANIZATION =
  "The Grand Metropolitan Association of Independent Veterinary Clinics, Animal Hospitals & Pet Wellness Centres of NYC Inc";

// Counterparts of the demo organizations. Not every organization has one (Trey Research, Relecloud
// and Consolidated Messenger are not ConnectWise clients yet); four are exact.
export const DEMO_COUNTERPARTS: readonly DemoCompany[] = [
  {
    name: "Contoso Limited",
    counterpartOf: ["Contoso Ltd", "Contoso, Ltd."],
    identifier: "ContosoLtd",
    country: "GB",
    city: "London",
  },
  {
    name: "O'Brien & Sons Ltd",
    counterpartOf: [`O'Brien & "Sons" Ltd`],
    identifier: "OBrienSons",
    country: "GB",
    city: "Cork",
  },
  {
    name: "Muller Backerei GmbH",
    counterpartOf: ["Müller Bäckerei GmbH"],
    identifier: "MullerBackerei",
    country: "DE",
    city: "Munchen",
  },
  {
    name: "Cafe Societe",
    counterpartOf: ["Café Société SARL"],
    identifier: "CafeSociete",
    country: "FR",
    city: "Lyon",
  },
  { name: "Northwind Traders", counterpartOf: ["Northwind Traders Inc"], identifier: "NorthwindTraders" },
  { name: "Fabrikam Inc", counterpartOf: ["Fabrikam, Inc."], identifier: "Fabrikam" },
  { name: "Adventure Works", counterpartOf: ["Adventure Works LLC"], identifier: "AdventureWorks" },
  { name: "Tailspin Toys", counterpartOf: ["Tailspin Toys"], identifier: "TailspinToys" },
  { name: "Wide World Importers Ltd", counterpartOf: ["Wide World Importers"], identifier: "WideWorldImporters" },
  { name: "Litware Inc.", counterpartOf: ["Litware, Inc."], identifier: "Litware" },
  { name: "Proseware, LLC", counterpartOf: ["Proseware LLC"], identifier: "Proseware" },
  { name: "Woodgrove Bank", counterpartOf: ["Woodgrove Bank"], identifier: "WoodgroveBank" },
  {
    name: "Alpine Ski House Inc",
    counterpartOf: ["Alpine Ski House"],
    identifier: "AlpineSkiHouse",
    country: "CH",
    city: "Zermatt",
  },
  { name: "Coho Winery LLC", counterpartOf: ["Coho Winery"], identifier: "CohoWinery" },
  { name: "Fourth Coffee Co.", counterpartOf: ["Fourth Coffee"], identifier: "FourthCoffee" },
  { name: "Margies Travel", counterpartOf: ["Margie's Travel"], identifier: "MargiesTravel" },
  { name: "Lamna Healthcare Co", counterpartOf: ["Lamna Healthcare Company"], identifier: "LamnaHealthcare" },
  { name: "Blue Yonder Airlines Inc.", counterpartOf: ["Blue Yonder Airlines"], identifier: "BlueYonderAirlines" },
  { name: "City Power and Light", counterpartOf: ["City Power & Light"], identifier: "CityPowerLight" },
  { name: "Graphic Design Institute", counterpartOf: ["Graphic Design Institute"], identifier: "GraphicDesignInst" },
  { name: "Humongous Insurance Ltd", counterpartOf: ["Humongous Insurance"], identifier: "HumongousInsurance" },
  {
    name: "Lucerne Publishing GmbH",
    counterpartOf: ["Lucerne Publishing"],
    identifier: "LucernePublishing",
    country: "CH",
    city: "Luzern",
  },
  { name: "The School of Fine Art", counterpartOf: ["School of Fine Art"], identifier: "SchoolOfFineArt" },
  { name: "Southridge Video LLC", counterpartOf: ["Southridge Video"], identifier: "SouthridgeVideo" },
  { name: "VanArsdel Ltd", counterpartOf: ["VanArsdel, Ltd."], identifier: "VanArsdel" },
  {
    name: "Wingtip Toys Inc",
    counterpartOf: ["Wingtip Toys"],
    identifier: "WingtipToys",
    agreements: [
      { name: "Managed Services", type: "Managed Services", shape: "active" },
      { name: "Security Services", type: "Security Services", shape: "active" },
    ],
  },
  { name: "Bellows College", counterpartOf: ["Bellows College"], identifier: "BellowsCollege" },
  {
    name: "Best For You Organics Co.",
    counterpartOf: ["Best For You Organics Company"],
    identifier: "BestForYouOrganics",
  },
  { name: "A Datum Corp", counterpartOf: ["A. Datum Corporation"], identifier: "ADatum" },
  { name: "First Up Consultants LLC", counterpartOf: ["First Up Consultants"], identifier: "FirstUpConsultants" },
  {
    name: "Nod Publishers",
    counterpartOf: ["Nod Publishers"],
    identifier: "NodPublishers",
    status: "Inactive",
    agreements: [{ name: "Managed Services", type: "Managed Services", shape: "cancelled" }],
  },
  { name: "Smith & Jones Dental PC", counterpartOf: ["Smith & Jones Dental, P.C."], identifier: "SmithJonesDental" },
  {
    name: "Jurgens Autohaus GmbH & Co KG",
    counterpartOf: ["Jürgen's Autohaus GmbH & Co. KG"],
    identifier: "JurgensAutohaus",
    country: "DE",
    city: "Stuttgart",
  },
  {
    name: "Ostergaard & Son ApS",
    counterpartOf: ["Østergaard & Søn ApS"],
    identifier: "OstergaardSon",
    country: "DK",
    city: "Aarhus",
  },
  { name: `The "Best" Plumbing Co`, counterpartOf: [`The "Best" Plumbing Co.`], identifier: "BestPlumbing" },
  {
    name: "L'Atelier d'Elodie",
    counterpartOf: ["L'Atelier d'Élodie"],
    identifier: "AtelierElodie",
    country: "FR",
    city: "Paris",
  },
  // The field takes 50 characters: the MSP's typing simply stopped there.
  {
    name: LONG_ORGANIZATION.slice(0, 50).trimEnd(),
    counterpartOf: [LONG_ORGANIZATION],
    identifier: "GrandMetroVetNYC",
    city: "New York",
    country: "US",
  },
  {
    name: "Zabka Logistics Sp. z o.o.",
    counterpartOf: ["Żabka Logistics sp. z o.o."],
    identifier: "ZabkaLogistics",
    country: "PL",
    city: "Poznan",
  },
];

// Companies with no demo organization: other clients, prospects, vendors, the MSP itself, and
// deleted or inactive records.
export const DEMO_UNRELATED: readonly DemoCompany[] = [
  {
    name: "Billbridge Demo MSP",
    identifier: "BillbridgeMSP",
    types: ["Owner"],
    agreements: [{ name: "Internal IT", type: "Internal", shape: "active" }],
  },
  { name: "Harborview Dental Group", types: ["Client"] },
  { name: "Kestrel Engineering Ltd", types: ["Client"], country: "GB", city: "Bristol" },
  { name: "Pinecrest Property Management", types: ["Client"] },
  { name: "Redwood Legal LLP", types: ["Client"] },
  {
    name: "Summit Ridge Capital",
    types: ["Client"],
    agreements: [{ name: "Block Time 20h", type: "Block Time", shape: "active" }],
  },
  { name: "García & Asociados S.L.", types: ["Client"], country: "FR", city: "Perpignan" },
  { name: "Chez Léon Bistro", types: ["Client"], country: "CA", city: "Montréal" },
  { name: "D'Angelo Family Pharmacy", types: ["Client"] },
  { name: `Big "O" Tires of Springfield`, types: ["Client"] },
  { name: "Northern Lights Credit Union", types: ["Client"], country: "CA", city: "Edmonton" },
  {
    name: "Greenfield Veterinary Clinic",
    types: ["Client"],
    agreements: [{ name: "Break Fix", type: "Break Fix", shape: "active" }],
  },
  { name: "Atlas Freight & Logistics", types: ["Client"], status: "Credit Hold" },
  { name: "St. Mary's Parish School", types: ["Client"] },
  {
    name: "Evergreen Senior Living",
    types: ["Client"],
    agreements: [
      { name: "Managed Services 2026", type: "Managed Services", shape: "future" },
      { name: "Managed Services", type: "Managed Services", shape: "active" },
    ],
  },
  // Prospects that signed but whose agreement starts next month.
  {
    name: "Copperline Electrical",
    types: ["Prospect"],
    agreements: [{ name: "Managed Services", type: "Managed Services", shape: "future" }],
  },
  {
    name: "Quantum Realty Partners",
    types: ["Prospect"],
    agreements: [{ name: "Security Services", type: "Security Services", shape: "future" }],
  },
  { name: "Sørensen Arkitekter A/S", types: ["Client"], country: "DK", city: "København" },
  {
    name: "Meadowbrook Farms Co-op",
    types: ["Former Client"],
    status: "Inactive",
    agreements: [{ name: "Managed Services", type: "Managed Services", shape: "expired" }],
  },
  {
    name: "Bayside Auto Repair",
    types: ["Client"],
    deleted: true,
    agreements: [{ name: "Managed Services", type: "Managed Services", shape: "cancelled" }],
  },
  {
    name: "Wingtip Toys (OLD - do not use)",
    identifier: "WingtipToysOld",
    types: ["Former Client"],
    deleted: true,
    agreements: [{ name: "Managed Services", type: "Managed Services", shape: "cancelled" }],
  },
  {
    name: "Contoso Ltd (duplicate)",
    identifier: "ContosoLtd2",
    types: ["Client"],
    deleted: true,
    agreements: [{ name: "Managed Services", type: "Managed Services", shape: "cancelled" }],
  },
  // Vendors carry the MSP's internal (no-charge) support agreements with them.
  {
    name: "Pax8",
    types: ["Vendor"],
    agreements: [{ name: "Distributor support (internal)", type: "Internal", shape: "active" }],
  },
  {
    name: "Ingram Micro",
    types: ["Vendor"],
    agreements: [{ name: "Distributor support (internal)", type: "Internal", shape: "active" }],
  },
  {
    name: "TD SYNNEX",
    types: ["Vendor"],
    agreements: [{ name: "Distributor support (internal)", type: "Internal", shape: "expired" }],
  },
  {
    name: "Fortinet Inc",
    identifier: "Fortinet",
    types: ["Vendor"],
    agreements: [{ name: "Partner NFR licenses (internal)", type: "Internal", shape: "active" }],
  },
];

const FIRST_NAMES = [
  "Olivia",
  "Liam",
  "Emma",
  "Noah",
  "Ava",
  "Lucas",
  "Mia",
  "Ethan",
  "Sofia",
  "Mateo",
  "Chloé",
  "Jonas",
  "Zoë",
  "Siobhán",
  "Łukasz",
  "Anaïs",
];
const LAST_NAMES = [
  "Walker",
  "Nguyen",
  "O'Connor",
  "Schmidt",
  "Dubois",
  "Kowalski",
  "Patel",
  "García",
  "Jensen",
  "Rossi",
  "Müller",
  "Brown",
  "Kim",
  "Novak",
];
const US_CITIES: ReadonlyArray<[string, string, string]> = [
  ["Tampa", "FL", "33602"],
  ["Austin", "TX", "78701"],
  ["Denver", "CO", "80202"],
  ["Portland", "OR", "97204"],
  ["Columbus", "OH", "43215"],
  ["Raleigh", "NC", "27601"],
  ["Madison", "WI", "53703"],
];

function describeCompanySeed(company: DemoCompany, taken: Set<string>, random: Random): CompanySeed {
  const identifier = company.identifier ?? deriveIdentifier(company.name, taken);
  if (company.identifier) taken.add(company.identifier.toLowerCase());
  const [usCity, state, usZip] = random.pick(US_CITIES);
  const country = company.country ?? "US";
  return {
    name: company.name,
    identifier,
    status: company.status,
    types: company.types,
    country,
    addressLine1: `${random.integer(1, 9800)} ${random.pick(["Main St", "Harbor Rd", "Oak Ave", "Industrial Pkwy", "Market St", "Mill Lane"])}`,
    city: company.city ?? (country === "US" ? usCity : "Capital City"),
    state: country === "US" ? state : undefined,
    zip: country === "US" ? usZip : String(random.integer(1000, 99999)),
    phoneNumber: `${random.integer(200, 989)}-555-${String(random.integer(100, 9999)).padStart(4, "0")}`,
    website: random.chance(0.6) ? `www.${identifier.toLowerCase()}.example` : undefined,
    contacts: Array.from(
      { length: random.integer(1, 2) },
      () => `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`,
    ),
    vendor: company.types?.includes("Vendor"),
  };
}

// Most companies: exactly one active agreement; some also keep an expired or cancelled one, a few have
// two active ones.
function describeAgreements(random: Random): Array<Omit<AgreementSeed, "billAmount">> {
  const roll = random.next();
  const main = {
    name: random.pick(["Managed Services", "Managed IT Services", "MSP Agreement", "Managed Services - Gold"]),
    type: "Managed Services",
    shape: "active" as const,
  };
  if (roll < 0.55) return [main];
  if (roll < 0.75) return [main, { name: "Managed Services 2023", type: "Managed Services", shape: "expired" }];
  if (roll < 0.88) return [main, { name: "Backup Services", type: "Backup as a Service", shape: "cancelled" }];
  return [
    main,
    { name: "Security Services", type: "Security Services", shape: "active" },
    { name: "Block Time 2022", type: "Block Time", shape: "expired" },
  ];
}

export function addHandAdditions(
  writer: ScenarioWriter,
  agreement: StoredRecord,
  catalog: Record<string, StoredRecord>,
  setup: SetupTables,
  random: Random,
  today: Date,
): void {
  const count = random.integer(1, 3);
  const products = new Set<string>();
  while (products.size < count) products.add(random.pick(RECURRING_HAND_ITEMS));
  const start = Date.parse(agreement.startDate as string);
  for (const identifier of products) {
    const effectiveDate = new Date(Math.min(today.getTime(), start + random.integer(0, 120) * 86_400_000));
    const by = random.pick(setup.staff).identifier as string;
    // Billing history kept the ConnectWise way: an old line cancelled, a new line from that date.
    if (random.chance(0.25)) {
      const switchDate = addDays(today, -random.integer(30, 90));
      createHandAddition(writer, agreement, catalog[identifier], random.integer(2, 40), {
        effectiveDate,
        cancelledDate: switchDate,
        by,
      });
      createHandAddition(writer, agreement, catalog[identifier], random.integer(2, 40), {
        effectiveDate: switchDate,
        by,
      });
    } else {
      createHandAddition(writer, agreement, catalog[identifier], random.integer(1, 60), { effectiveDate, by });
    }
  }
}

export function createDemoCompanies(
  writer: ScenarioWriter,
  setup: SetupTables,
  catalog: Record<string, StoredRecord>,
  random: Random,
  today: Date,
): void {
  const taken = new Set<string>();
  for (const company of [...DEMO_COUNTERPARTS, ...DEMO_UNRELATED]) {
    const seed = describeCompanySeed(company, taken, random);
    const entered = {
      at: addDays(today, -random.integer(400, 2500)),
      by: random.pick(setup.staff).identifier as string,
    };
    const client: CreatedCompany = createCompany(writer, setup, seed, entered);
    for (const agreementSeed of company.agreements ?? describeAgreements(random)) {
      const agreement = createAgreement(
        writer,
        setup,
        client,
        { ...agreementSeed, billAmount: random.pick([0, 250, 500, 1200]) },
        today,
        random,
      );
      if (
        agreementSeed.shape !== "future" &&
        !["Block Time", "Internal"].includes(agreementSeed.type) &&
        random.chance(0.75)
      ) {
        addHandAdditions(writer, agreement, catalog, setup, random, today);
      }
    }
    if (company.deleted)
      writer.softDeleteCompany(client.company.id, { at: addDays(today, -random.integer(5, 300)), by: "jsmith" });
  }
}
