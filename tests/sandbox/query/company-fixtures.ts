// Company records shaped like the sandbox stores them (ConnectWise JSON: null fields omitted,
// datetimes as YYYY-MM-DDTHH:mm:ssZ).
export interface TestCompany {
  id: number;
  identifier: string;
  name: string;
  status?: { id: number; name: string };
  types?: Array<{ id: number; name: string }>;
  city?: string | null;
  annualRevenue?: number | null;
  numberOfEmployees?: number;
  leadFlag?: boolean;
  deletedFlag?: boolean;
  dateAcquired?: string;
  integratorTags?: string[];
  customFields?: Array<{ id: number; caption: string; type: string; value: unknown }>;
  _info?: Record<string, string>;
}

export const companies: TestCompany[] = [
  {
    id: 1,
    identifier: "ACME",
    name: "Acme Corporation",
    status: { id: 1, name: "Active" },
    types: [{ id: 1, name: "Client" }],
    city: "Springfield",
    annualRevenue: 1500000.5,
    numberOfEmployees: 120,
    leadFlag: false,
    deletedFlag: false,
    dateAcquired: "2020-03-15T00:00:00Z",
    integratorTags: ["sase", "gold"],
    customFields: [{ id: 7, caption: "TomNumber", type: "Text", value: "T-100" }],
    _info: { lastUpdated: "2025-01-10T08:30:00Z", dateEntered: "2019-05-01T12:00:00Z", updatedBy: "api" },
  },
  {
    id: 2,
    identifier: "OBRIEN",
    name: `O'Brien & "Sons" Ltd`,
    status: { id: 1, name: "Active" },
    types: [
      { id: 2, name: "Vendor" },
      { id: 1, name: "Client" },
    ],
    city: "Dublin",
    annualRevenue: 250000,
    numberOfEmployees: 12,
    leadFlag: true,
    deletedFlag: false,
    dateAcquired: "2022-11-30T17:45:00Z",
    _info: { lastUpdated: "2024-12-31T23:59:59Z", dateEntered: "2021-01-01T00:00:00Z", updatedBy: "jdoe" },
  },
  {
    id: 3,
    identifier: "GLOBEX",
    name: "Globex 100% Ltd",
    status: { id: 2, name: "Inactive" },
    types: [{ id: 3, name: "Prospect" }],
    city: "",
    numberOfEmployees: 0,
    leadFlag: false,
    deletedFlag: true,
    integratorTags: [],
    customFields: [{ id: 7, caption: "TomNumber", type: "Text", value: null }],
    _info: { lastUpdated: "2025-01-01T00:00:00Z", dateEntered: "2024-06-01T00:00:00Z", updatedBy: "api" },
  },
  {
    id: 4,
    identifier: "INITECH",
    name: "initech",
    status: { id: 1, name: "Active" },
    types: [],
    city: null,
    annualRevenue: -20.25,
    numberOfEmployees: 45,
    leadFlag: false,
    deletedFlag: false,
    dateAcquired: "2023-07-04T09:00:00Z",
    integratorTags: ["silver"],
    _info: { lastUpdated: "2025-02-20T10:00:00Z", dateEntered: "2023-07-04T09:00:00Z", updatedBy: "api" },
  },
  {
    id: 5,
    identifier: "UMBRELLA_CO",
    name: "Umbrella [EU] Co",
    types: [{ id: 1, name: "Client" }],
    numberOfEmployees: 5000,
    deletedFlag: false,
    customFields: [{ id: 8, caption: "Region", type: "Text", value: "EU" }],
    _info: { lastUpdated: "2025-01-01T00:00:01Z", dateEntered: "2018-01-01T00:00:00Z", updatedBy: "api" },
  },
];
