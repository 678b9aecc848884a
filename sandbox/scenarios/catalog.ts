// The MSP's own product catalog: what it already sells before Billbridge publishes the vendor's
// products. Additions entered by hand on agreements use these items.
import type { StoredRecord } from "../store";
import type { Authorship, ScenarioWriter } from "./scenario-writer";
import type { SetupTables } from "./setup-tables";

interface CatalogSeed {
  identifier: string;
  description: string;
  customerDescription: string;
  subcategory: string; // "Category/Subcategory"
  type: string;
  unit: string;
  manufacturer?: string;
  productClass: "Agreement" | "Bundle" | "Inventory" | "NonInventory" | "Service";
  price: number;
  cost: number;
  inactive?: boolean;
  taxable?: boolean;
  recurring?: boolean;
}

const CATALOG: readonly CatalogSeed[] = [
  { identifier: "M365-BP", description: "Microsoft 365 Business Premium", customerDescription: "Microsoft 365 Business Premium (per user, monthly)", subcategory: "Cloud/Microsoft 365", type: "Software License", unit: "User", manufacturer: "Microsoft", productClass: "NonInventory", price: 26.4, cost: 22, recurring: true },
  { identifier: "M365-BB", description: "Microsoft 365 Business Basic", customerDescription: "Microsoft 365 Business Basic (per user, monthly)", subcategory: "Cloud/Microsoft 365", type: "Software License", unit: "User", manufacturer: "Microsoft", productClass: "NonInventory", price: 7.2, cost: 6, recurring: true },
  { identifier: "M365-E3", description: "Microsoft 365 E3", customerDescription: "Microsoft 365 E3 (per user, monthly)", subcategory: "Cloud/Microsoft 365", type: "Software License", unit: "User", manufacturer: "Microsoft", productClass: "NonInventory", price: 43.2, cost: 36, recurring: true },
  { identifier: "EXO-P1", description: "Exchange Online Plan 1", customerDescription: "Exchange Online (Plan 1) mailbox", subcategory: "Cloud/Microsoft 365", type: "Software License", unit: "User", manufacturer: "Microsoft", productClass: "NonInventory", price: 4.8, cost: 4, recurring: true },
  { identifier: "AZURE-CONSUMPTION", description: "Azure consumption", customerDescription: "Microsoft Azure consumption, billed monthly in arrears", subcategory: "Cloud/Azure", type: "Service", unit: "Month", manufacturer: "Microsoft", productClass: "Service", price: 0, cost: 0, recurring: true },
  { identifier: "S1-CORE", description: "SentinelOne Singularity Core", customerDescription: "Endpoint protection (SentinelOne Core), per endpoint", subcategory: "Security/Endpoint Protection", type: "Software License", unit: "Endpoint", manufacturer: "SentinelOne", productClass: "NonInventory", price: 6.5, cost: 3.25, recurring: true },
  { identifier: "S1-CONTROL", description: "SentinelOne Singularity Control", customerDescription: "Endpoint protection with device control (SentinelOne Control), per endpoint", subcategory: "Security/Endpoint Protection", type: "Software License", unit: "Endpoint", manufacturer: "SentinelOne", productClass: "NonInventory", price: 8.75, cost: 4.4, recurring: true },
  { identifier: "DATTO-SIRIS-SRV", description: "Datto SIRIS server backup", customerDescription: "Server backup and business continuity (Datto SIRIS), per protected server", subcategory: "Services/Backup", type: "Service", unit: "Device", manufacturer: "Datto", productClass: "Service", price: 89, cost: 45, recurring: true },
  { identifier: "BACKUP-M365", description: "Microsoft 365 backup", customerDescription: "Backup of Microsoft 365 mailboxes, OneDrive and SharePoint, per user", subcategory: "Services/Backup", type: "Service", unit: "User", manufacturer: "Datto", productClass: "Service", price: 3.5, cost: 1.2, recurring: true },
  { identifier: "MS-GOLD-USER", description: "Managed Services Gold (per user)", customerDescription: "Fully managed IT: help desk, patching, monitoring. Per user per month.", subcategory: "Services/Managed Services", type: "Service", unit: "User", productClass: "Service", price: 125, cost: 0, recurring: true },
  { identifier: "MS-SILVER-USER", description: "Managed Services Silver (per user)", customerDescription: "Managed IT: monitoring and patching, help desk billed hourly. Per user per month.", subcategory: "Services/Managed Services", type: "Service", unit: "User", productClass: "Service", price: 75, cost: 0, recurring: true },
  { identifier: "MS-SERVER", description: "Managed server", customerDescription: "Monitoring, patching and management of one server", subcategory: "Services/Managed Services", type: "Service", unit: "Device", productClass: "Service", price: 150, cost: 0, recurring: true },
  { identifier: "LABOR-REMOTE", description: "Remote support labor", customerDescription: "Remote technical support, per hour", subcategory: "Services/Labor", type: "Service", unit: "Hour", productClass: "Service", price: 125, cost: 0 },
  { identifier: "LABOR-ONSITE", description: "Onsite support labor", customerDescription: "Onsite technical support, per hour (2-hour minimum)", subcategory: "Services/Labor", type: "Service", unit: "Hour", productClass: "Service", price: 165, cost: 0 },
  { identifier: "FG-60F", description: "FortiGate 60F firewall", customerDescription: "Fortinet FortiGate 60F next-generation firewall appliance", subcategory: "Hardware/Firewalls", type: "Inventory", unit: "Each", manufacturer: "Fortinet", productClass: "Inventory", price: 650, cost: 480, taxable: true },
  { identifier: "FG-60F-UTP-1YR", description: "FortiGate 60F UTP bundle, 1 year", customerDescription: "FortiGuard Unified Threat Protection for FortiGate 60F, 1 year", subcategory: "Security/Security Licenses", type: "Software License", unit: "Each", manufacturer: "Fortinet", productClass: "NonInventory", price: 395, cost: 310 },
  { identifier: "DELL-LAT-5440", description: "Dell Latitude 5440 laptop", customerDescription: "Dell Latitude 5440, i5, 16 GB RAM, 512 GB SSD", subcategory: "Hardware/Laptops", type: "Inventory", unit: "Each", manufacturer: "Dell", productClass: "Inventory", price: 1199, cost: 955, taxable: true },
  { identifier: "UBNT-USW-24", description: "UniFi Switch 24 PoE", customerDescription: "Ubiquiti UniFi 24-port PoE switch", subcategory: "Hardware/Networking", type: "Inventory", unit: "Each", manufacturer: "Ubiquiti", productClass: "Inventory", price: 429, cost: 329, taxable: true },
  { identifier: "CISCO-MX68", description: "Cisco Meraki MX68", customerDescription: "Cisco Meraki MX68 security appliance", subcategory: "Hardware/Firewalls", type: "Inventory", unit: "Each", manufacturer: "Cisco", productClass: "Inventory", price: 795, cost: 610, taxable: true },
  { identifier: "VOIP-SEAT", description: "Hosted VoIP seat", customerDescription: "Hosted phone system, per seat", subcategory: "Telecom/VoIP", type: "Service", unit: "Seat", productClass: "Service", price: 24.95, cost: 11, recurring: true },
  { identifier: "DOMAIN-RENEWAL", description: "Domain name renewal", customerDescription: "Annual domain name registration renewal", subcategory: "Cloud/Licenses", type: "Non-Inventory", unit: "Each", productClass: "NonInventory", price: 25, cost: 12 },
  { identifier: "ONBOARDING-BUNDLE", description: "New client onboarding bundle", customerDescription: "Network assessment, documentation and agent deployment for a new client", subcategory: "Services/Labor", type: "Service", unit: "Each", productClass: "Bundle", price: 1500, cost: 0 },
  { identifier: "SECURITY-STACK", description: "Security stack bundle", customerDescription: "Endpoint protection, M365 backup and security awareness training", subcategory: "Security/Security Licenses", type: "Service", unit: "User", productClass: "Bundle", price: 18, cost: 7 },
  { identifier: "TREND-WFBS", description: "Trend Micro WFBS (discontinued)", customerDescription: "Trend Micro Worry-Free Business Security - replaced by SentinelOne", subcategory: "Security/Endpoint Protection", type: "Software License", unit: "Endpoint", productClass: "NonInventory", price: 4, cost: 2.1, inactive: true },
  { identifier: "SASE-LEGACY-VPN", description: "Legacy VPN concentrator license", customerDescription: "Per-user remote access VPN license (legacy)", subcategory: "Security/SASE", type: "Software License", unit: "User", manufacturer: "Check Point", productClass: "NonInventory", price: 9, cost: 5.5, inactive: true },
  { identifier: "MS-AGREEMENT", description: "Managed services agreement fee", customerDescription: "Monthly managed services agreement fee", subcategory: "Services/Managed Services", type: "Agreement", unit: "Month", productClass: "Agreement", price: 500, cost: 0, recurring: true },
];

export function createCatalog(writer: ScenarioWriter, setup: SetupTables, authorship: Authorship): Record<string, StoredRecord> {
  const items: Record<string, StoredRecord> = {};
  for (const seed of CATALOG) {
    const subcategory = setup.subcategories[seed.subcategory];
    items[seed.identifier] = writer.create(
      "catalog",
      {
        identifier: seed.identifier,
        description: seed.description,
        customerDescription: seed.customerDescription,
        subcategory: { id: subcategory.id },
        category: { id: (subcategory.category as { id: number }).id },
        type: { id: setup.productTypes[seed.type].id },
        unitOfMeasure: { id: setup.units[seed.unit].id },
        manufacturer: seed.manufacturer ? { id: setup.manufacturers[seed.manufacturer].id } : undefined,
        productClass: seed.productClass,
        price: seed.price,
        cost: seed.cost,
        inactiveFlag: seed.inactive === true,
        taxableFlag: seed.taxable === true,
        recurringFlag: seed.recurring === true,
        recurringRevenue: seed.recurring ? seed.price : undefined,
        recurringCost: seed.recurring ? seed.cost : undefined,
        recurringBillCycle: seed.recurring ? { id: setup.billingCycles.Monthly.id } : undefined,
        recurringCycleType: seed.recurring ? "ContractYear" : undefined,
        billableOption: "Billable",
        priceAttribute: "FixedFee",
        manufacturerPartNumber: seed.manufacturer ? seed.identifier : undefined,
      },
      authorship,
    );
  }
  return items;
}

// Hand-entered additions pick from what an MSP usually bills monthly.
export const RECURRING_HAND_ITEMS: readonly string[] = [
  "M365-BP",
  "M365-BB",
  "M365-E3",
  "EXO-P1",
  "S1-CORE",
  "BACKUP-M365",
  "DATTO-SIRIS-SRV",
  "MS-GOLD-USER",
  "MS-SILVER-USER",
  "MS-SERVER",
  "VOIP-SEAT",
];
