// Security roles of API members: module > action, with the four levels ConnectWise uses.
// Permission strings read exactly as ConnectWise names them, e.g. "Finance > Agreements > Add".
import { createRandom } from "./random";

export const MODULES = {
  companyMaintenance: "Companies > Company Maintenance",
  agreements: "Finance > Agreements",
  productCatalog: "Procurement > Product Catalog",
  tableSetup: "System > Table Setup",
} as const;

export type Level = "Inquire" | "Add" | "Edit" | "Delete";
export const LEVELS: readonly Level[] = ["Inquire", "Add", "Edit", "Delete"];

export function describePermission(module: string, level: Level): string {
  return `${module} > ${level}`;
}

export function readLevelForMethod(method: string): Level {
  switch (method) {
    case "POST":
      return "Add";
    case "PUT":
    case "PATCH":
      return "Edit";
    case "DELETE":
      return "Delete";
    default:
      return "Inquire";
  }
}

// The seed's six permissions (DESIGN.md §1, REFERENCE.md §6).
export const SEED_PERMISSIONS: readonly string[] = [
  describePermission(MODULES.companyMaintenance, "Inquire"),
  describePermission(MODULES.agreements, "Inquire"),
  describePermission(MODULES.agreements, "Add"),
  describePermission(MODULES.productCatalog, "Inquire"),
  describePermission(MODULES.productCatalog, "Add"),
  describePermission(MODULES.tableSetup, "Inquire"),
];

// What changing additions and catalog items in place needs on top of the seed.
export const EDIT_PERMISSIONS: readonly string[] = [
  describePermission(MODULES.agreements, "Edit"),
  describePermission(MODULES.productCatalog, "Edit"),
];

export const ALL_PERMISSIONS: readonly string[] = Object.values(MODULES).flatMap((module) =>
  LEVELS.map((level) => describePermission(module, level)),
);

export interface Member {
  name: string;
  publicKey: string;
  privateKey: string;
  permissions: string[];
}

const MISSING_ONE: ReadonlyArray<{ name: string; missing: string }> = [
  { name: "no-company-inquire", missing: SEED_PERMISSIONS[0] },
  { name: "no-agreements-inquire", missing: SEED_PERMISSIONS[1] },
  { name: "no-agreements-add", missing: SEED_PERMISSIONS[2] },
  { name: "no-catalog-inquire", missing: SEED_PERMISSIONS[3] },
  { name: "no-catalog-add", missing: SEED_PERMISSIONS[4] },
  { name: "no-table-setup-inquire", missing: SEED_PERMISSIONS[5] },
];

export function describeMemberPermissions(): Array<{ name: string; permissions: string[] }> {
  return [
    { name: "integration", permissions: [...SEED_PERMISSIONS, ...EDIT_PERMISSIONS] },
    { name: "seed-minimum", permissions: [...SEED_PERMISSIONS] },
    ...MISSING_ONE.map(({ name, missing }) => ({
      name,
      permissions: [...SEED_PERMISSIONS, ...EDIT_PERMISSIONS].filter((permission) => permission !== missing),
    })),
    { name: "admin", permissions: [...ALL_PERMISSIONS] },
  ];
}

// API member keys look like ConnectWise's: 16 alphanumeric characters each. They derive from the seed
// so a demo keeps the same keys across restarts.
export function createMembers(seed: number): Member[] {
  const random = createRandom(seed ^ 0x5eed_cafe);
  return describeMemberPermissions().map(({ name, permissions }) => ({
    name,
    publicKey: random.string(16),
    privateKey: random.string(16),
    permissions,
  }));
}

export function hasPermission(member: Member, module: string, level: Level): boolean {
  return member.permissions.includes(describePermission(module, level));
}
