/** The SASE vendor's catalog as the demo MSP resells it. Prices are per unit per month. */
export const demoProducts: ReadonlyArray<{
  sku: string;
  name: string;
  description: string;
  unit: string;
  cost: string;
  suggestedPrice: string;
}> = [
  {
    sku: "SASE-ESS-USER",
    name: "SASE Essentials",
    description: "Secure internet access with DNS filtering and a cloud firewall, per user",
    unit: "user",
    cost: "4.00",
    suggestedPrice: "7.00",
  },
  {
    sku: "SASE-PRO-USER",
    name: "SASE Professional",
    description: "Zero-trust network access, secure web gateway and device posture checks, per user",
    unit: "user",
    cost: "8.00",
    suggestedPrice: "13.50",
  },
  {
    sku: "SASE-ENT-USER",
    name: "SASE Enterprise",
    description: "Everything in Professional plus CASB, DLP and 24x7 premium support, per user",
    unit: "user",
    cost: "12.00",
    suggestedPrice: "19.00",
  },
  {
    sku: "GW-DEDICATED",
    name: "Dedicated Gateway",
    description: "A dedicated cloud gateway with a static egress IP in the region of choice",
    unit: "gateway",
    cost: "40.00",
    suggestedPrice: "65.00",
  },
  {
    sku: "GW-DEDICATED-HA",
    name: "Dedicated Gateway HA Pair",
    description: "Two dedicated gateways in an active-standby pair with automatic failover",
    unit: "gateway pair",
    cost: "75.00",
    suggestedPrice: "120.00",
  },
  {
    sku: "ADDON-DLP",
    name: "Data Loss Prevention Add-on",
    description: "Inline content inspection and data loss prevention policies, per user",
    unit: "user",
    cost: "2.50",
    suggestedPrice: "4.00",
  },
  {
    sku: "ADDON-LOG-365",
    name: "Extended Log Retention (365 days)",
    description: "Keeps traffic and security logs for 365 days instead of 30, per user",
    unit: "user",
    cost: "0.75",
    suggestedPrice: "1.50",
  },
  {
    sku: "ADDON-SWG-SSL",
    name: "SSL Inspection Add-on",
    description: "TLS decryption and inspection for the secure web gateway, per user",
    unit: "user",
    cost: "1.25",
    suggestedPrice: "2.25",
  },
];
