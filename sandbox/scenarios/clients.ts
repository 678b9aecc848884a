// Building blocks for client companies: the company with its site and contacts, its agreements, and
// additions someone typed in by hand.
import { addDays, formatDateTime } from "../datetime";
import type { Random } from "../random";
import type { StoredRecord } from "../store";
import type { Authorship, ScenarioWriter } from "./scenario-writer";
import type { SetupTables } from "./setup-tables";

const SPECIAL_LETTERS: Record<string, string> = {
  ø: "o",
  Ø: "O",
  ł: "l",
  Ł: "L",
  ß: "ss",
  æ: "ae",
  Æ: "AE",
  đ: "d",
  Đ: "D",
};

export function stripAccents(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[øØłŁßæÆđĐ]/g, (letter) => SPECIAL_LETTERS[letter]);
}

// ConnectWise company identifiers: up to 30 characters, unique, typically the name without spaces.
export function deriveIdentifier(name: string, taken: Set<string>): string {
  const base =
    stripAccents(name)
      .replace(/[^A-Za-z0-9]/g, "")
      .slice(0, 30) || "Company";
  let candidate = base;
  for (let counter = 2; taken.has(candidate.toLowerCase()); counter++) {
    const suffix = String(counter);
    candidate = base.slice(0, 30 - suffix.length) + suffix;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

export interface CompanySeed {
  name: string;
  identifier: string;
  status?: string;
  types?: string[];
  country: string; // identifier in setup.countries
  addressLine1: string;
  city: string;
  state?: string;
  zip: string;
  phoneNumber: string;
  website?: string;
  contacts: string[]; // "First Last"
  vendor?: boolean;
}

export interface CreatedCompany {
  company: StoredRecord;
  contacts: StoredRecord[];
  site: StoredRecord;
}

export function createCompany(
  writer: ScenarioWriter,
  setup: SetupTables,
  seed: CompanySeed,
  authorship: Authorship,
): CreatedCompany {
  const company = writer.create(
    "companies",
    {
      identifier: seed.identifier,
      name: seed.name,
      status: { id: setup.statuses[seed.status ?? "Active"].id },
      types: (seed.types ?? ["Client"]).map((type) => ({ id: setup.companyTypes[type].id })),
      addressLine1: seed.addressLine1,
      city: seed.city,
      state: seed.state,
      zip: seed.zip,
      country: { id: setup.countries[seed.country].id },
      phoneNumber: seed.phoneNumber,
      website: seed.website,
      territory: { id: setup.locations[0].id },
      billingTerms: { id: setup.billingTerms[0].id },
      taxCode: { id: setup.taxCodes[0].id },
      currency: { id: setup.currency.id },
      isVendorFlag: seed.vendor === true,
      accountNumber: seed.identifier.toUpperCase().slice(0, 8),
      leadFlag: false,
    },
    authorship,
  );
  const site = writer.insertLookup("sites", {
    name: "Main",
    company: { id: company.id },
    addressLine1: seed.addressLine1,
    city: seed.city,
    zip: seed.zip,
  });
  const contacts = seed.contacts.map((name) => writer.insertLookup("contacts", { name, company: { id: company.id } }));
  writer.amend("companies", company.id, {
    site: { id: site.id },
    defaultContact: contacts[0] ? { id: contacts[0].id } : undefined,
    billingContact: contacts[0] ? { id: contacts[0].id } : undefined,
    billingSite: { id: site.id },
  });
  return { company: writer.store.get("companies", company.id)!, contacts, site };
}

export type AgreementShape = "active" | "expired" | "cancelled" | "future";

export interface AgreementSeed {
  name: string;
  type: string;
  shape: AgreementShape;
  billAmount?: number;
}

export function createAgreement(
  writer: ScenarioWriter,
  setup: SetupTables,
  client: CreatedCompany,
  seed: AgreementSeed,
  today: Date,
  random: Random,
): StoredRecord {
  const startDaysAgo = seed.shape === "future" ? -random.integer(10, 40) : random.integer(120, 1400);
  const startDate = addDays(today, -startDaysAgo);
  const endDate = seed.shape === "expired" ? addDays(today, -random.integer(15, 110)) : undefined;
  const entered =
    seed.shape === "future" ? addDays(today, -random.integer(1, 9)) : addDays(startDate, -random.integer(2, 20));
  const cancelledOn = seed.shape === "cancelled" ? addDays(today, -random.integer(20, 100)) : undefined;
  const author = { at: entered, by: random.pick(setup.staff).identifier as string };
  const agreement = writer.create(
    "agreements",
    {
      name: seed.name,
      type: { id: setup.agreementTypes[seed.type].id },
      company: { id: client.company.id },
      contact: client.contacts[0] ? { id: client.contacts[0].id } : undefined,
      site: { id: client.site.id },
      location: { id: setup.locations[0].id },
      department: { id: setup.departments[0].id },
      startDate: formatDateTime(startDate),
      endDate: endDate ? formatDateTime(endDate) : undefined,
      noEndingDateFlag: endDate === undefined,
      billAmount: seed.billAmount ?? 0,
      billingCycle: { id: setup.billingCycles.Monthly.id },
      billingTerms: { id: setup.billingTerms[0].id },
      billToCompany: { id: client.company.id },
      billToContact: client.contacts[0] ? { id: client.contacts[0].id } : undefined,
      billToSite: { id: client.site.id },
      currency: { id: setup.currency.id },
      billStartDate: formatDateTime(startDate),
      invoicingCycle: "ContractYear",
      periodType: "Current",
      autoInvoiceFlag: true,
      customerPO: random.chance(0.3) ? `PO-${random.integer(10000, 99999)}` : undefined,
    },
    author,
  );
  if (cancelledOn) {
    writer.amend("agreements", agreement.id, {
      cancelledFlag: true,
      dateCancelled: formatDateTime(cancelledOn),
      reasonCancelled: random.pick([
        "Client left",
        "Replaced by new agreement",
        "Moved to Security Services",
        "Non-payment",
      ]),
      _info: { ...agreement._info, lastUpdated: formatDateTime(cancelledOn) },
    });
  }
  return writer.store.get("agreements", agreement.id)!;
}

export function createHandAddition(
  writer: ScenarioWriter,
  agreement: StoredRecord,
  product: StoredRecord,
  quantity: number,
  options: { effectiveDate: Date; cancelledDate?: Date; by: string },
): StoredRecord {
  return writer.create(
    "additions",
    {
      product: { id: product.id },
      billCustomer: "Billable",
      quantity,
      effectiveDate: formatDateTime(options.effectiveDate),
      cancelledDate: options.cancelledDate ? formatDateTime(options.cancelledDate) : undefined,
      invoiceDescription: `${product.description as string}`,
      sequenceNumber: 1,
    },
    { at: options.effectiveDate, by: options.by },
    agreement.id,
  );
}
