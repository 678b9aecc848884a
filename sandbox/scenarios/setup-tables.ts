// Setup tables every ConnectWise tenant has: company statuses and types, countries, billing cycles,
// agreement types, and the product catalog's categories, subcategories, types, units and manufacturers.
import type { StoredRecord } from "../store";
import type { Authorship, ScenarioWriter } from "./scenario-writer";

export interface SetupTables {
  statuses: Record<string, StoredRecord>;
  companyTypes: Record<string, StoredRecord>;
  countries: Record<string, StoredRecord>;
  billingCycles: Record<string, StoredRecord>;
  agreementTypes: Record<string, StoredRecord>;
  categories: Record<string, StoredRecord>;
  subcategories: Record<string, StoredRecord>; // keyed "Category/Subcategory"
  productTypes: Record<string, StoredRecord>;
  units: Record<string, StoredRecord>;
  manufacturers: Record<string, StoredRecord>;
  locations: StoredRecord[];
  departments: StoredRecord[];
  billingTerms: StoredRecord[];
  taxCodes: StoredRecord[];
  currency: StoredRecord;
  staff: StoredRecord[];
}

function byName<T extends string>(
  names: readonly T[],
  create: (name: T, index: number) => StoredRecord,
): Record<string, StoredRecord> {
  return Object.fromEntries(names.map((name, index) => [name, create(name, index)]));
}

export function createSetupTables(writer: ScenarioWriter, authorship: Authorship): SetupTables {
  const statuses = byName(["Active", "Inactive", "Not Approved", "Credit Hold", "Imported"], (name, index) =>
    writer.create(
      "companyStatuses",
      { name, defaultFlag: index === 0, inactiveFlag: name === "Inactive", disallowSavingFlag: name === "Credit Hold" },
      authorship,
    ),
  );
  const companyTypes = byName(["Client", "Prospect", "Vendor", "Partner", "Owner", "Former Client"], (name, index) =>
    writer.create("companyTypes", { name, defaultFlag: index === 0, vendorFlag: name === "Vendor" }, authorship),
  );
  const countries = Object.fromEntries(
    [
      ["US", "United States"],
      ["CA", "Canada"],
      ["GB", "United Kingdom"],
      ["DE", "Germany"],
      ["FR", "France"],
      ["DK", "Denmark"],
      ["PL", "Poland"],
      ["CH", "Switzerland"],
      ["AU", "Australia"],
    ].map(([identifier, name]) => [identifier, writer.insertLookup("countries", { identifier, name })]),
  );
  const staff = [
    ["jsmith", "John Smith"],
    ["akowalski", "Anna Kowalski"],
    ["mbrennan", "Maeve Brennan"],
  ].map(([identifier, name]) => writer.insertLookup("members", { identifier, name }));
  const locations = ["Main Office", "Remote Office"].map((name) => writer.insertLookup("locations", { name }));
  const departments = ["Managed Services", "Professional Services", "Sales"].map((name) =>
    writer.insertLookup("departments", { name }),
  );
  const billingTerms = ["Net 30 days", "Net 15 days", "Due on receipt"].map((name) =>
    writer.insertLookup("billingTerms", { name }),
  );
  const taxCodes = ["Taxable", "Non-Taxable"].map((name) => writer.insertLookup("taxCodes", { name }));
  const currency = writer.insertLookup("currencies", {
    name: "US Dollars",
    symbol: "$",
    currencyCode: "USD",
    decimalSeparator: ".",
    numberOfDecimals: 2,
    thousandsSeparator: ",",
    negativeParenthesesFlag: false,
    displaySymbolFlag: true,
    currencyIdentifier: "USD",
    displayIdFlag: false,
    rightAlign: false,
  });
  const billingCycles = Object.fromEntries(
    [
      ["M", "Monthly", "Monthly"],
      ["Q", "Quarterly", "Quarterly"],
      ["A", "Annual", "Annually"],
      ["W", "Weekly", "Weekly"],
      ["BM", "Bi-Monthly", "BiMonthly"],
    ].map(([identifier, name, billingOptions], index) => [
      name,
      writer.create("billingCycles", { identifier, name, billingOptions, defaultFlag: index === 0 }, authorship),
    ]),
  );
  const agreementTypeDefaults = {
    employeeCompRate: "Actual",
    employeeCompNotExceed: "Billing",
    invoicingCycle: "ContractYear",
    billTime: "Billable",
    billExpenses: "Billable",
    billProducts: "Billable",
    billingCycle: { id: billingCycles.Monthly.id },
  };
  const agreementTypes = byName(
    [
      "Managed Services",
      "Security Services",
      "Backup as a Service",
      "Block Time",
      "Break Fix",
      "Internal",
      "Legacy Support",
    ],
    (name, index) =>
      writer.create(
        "agreementTypes",
        {
          name,
          defaultFlag: index === 0,
          inactiveFlag: name === "Legacy Support",
          ...agreementTypeDefaults,
          ...(name === "Block Time"
            ? {
                applicationUnits: "Hours",
                applicationLimit: 10,
                applicationCycle: "CalendarMonth",
                prePaymentFlag: true,
              }
            : {}),
          ...(name === "Break Fix"
            ? { billProducts: "Billable", billTime: "Billable", coverAgreementTimeFlag: false }
            : {}),
          ...(name === "Internal" ? { billTime: "NoCharge", billExpenses: "NoCharge", billProducts: "NoCharge" } : {}),
          prorateFlag: name !== "Block Time",
          invoicePreSuffix: name === "Managed Services" ? "MS" : undefined,
        },
        authorship,
      ),
  );
  const categories = byName(["Hardware", "Software", "Services", "Security", "Cloud", "Telecom"], (name) =>
    writer.create("categories", { name, inactiveFlag: name === "Telecom" }, authorship),
  );
  const subcategoryNames: Record<string, string[]> = {
    Hardware: ["Firewalls", "Laptops", "Networking"],
    Software: ["Licenses", "Subscriptions"],
    Services: ["Labor", "Managed Services", "Backup"],
    Security: ["Endpoint Protection", "Security Licenses", "SASE"],
    Cloud: ["Microsoft 365", "Azure", "Licenses"],
    Telecom: ["VoIP"],
  };
  const subcategories: Record<string, StoredRecord> = {};
  for (const [category, names] of Object.entries(subcategoryNames)) {
    for (const name of names) {
      subcategories[`${category}/${name}`] = writer.create(
        "subcategories",
        { name, category: { id: categories[category].id } },
        authorship,
      );
    }
  }
  const productTypes = byName(
    ["Non-Inventory", "Inventory", "Service", "Software License", "Agreement"],
    (name, index) => writer.create("productTypes", { name, defaultFlag: index === 0 }, authorship),
  );
  const units = byName(
    ["Each", "User", "Device", "Endpoint", "Month", "Hour", "GB", "Seat", "License"],
    (name, index) => writer.create("unitOfMeasures", { name, defaultFlag: index === 0 }, authorship),
  );
  const manufacturers = byName(
    [
      "Microsoft",
      "Fortinet",
      "Dell",
      "Datto",
      "Check Point",
      "Cisco",
      "SentinelOne",
      "Ubiquiti",
      "Hewlett Packard Enterprise",
    ],
    (name) => writer.create("manufacturers", { name }, authorship),
  );
  return {
    statuses,
    companyTypes,
    countries,
    billingCycles,
    agreementTypes,
    categories,
    subcategories,
    productTypes,
    units,
    manufacturers,
    locations,
    departments,
    billingTerms,
    taxCodes,
    currency,
    staff,
  };
}
