/**
 * The ConnectWise security-role permissions Billbridge's API member needs, as data, and which request needs
 * which. Names are written the way ConnectWise's System > Security Roles screen shows them:
 * module > function > level.
 */

export type PermissionName =
  | "Companies > Company Maintenance > Inquire"
  | "Finance > Agreements > Inquire"
  | "Finance > Agreements > Add"
  | "Finance > Agreements > Edit"
  | "Procurement > Product Catalog > Inquire"
  | "Procurement > Product Catalog > Add"
  | "Procurement > Product Catalog > Edit"
  | "System > Table Setup > Inquire";

export interface PermissionDefinition {
  name: PermissionName;
  module: string;
  area: string;
  level: "Inquire" | "Add" | "Edit";
  /** "seed": one of the six the product always asked for; "edit": the Edit levels that updating existing records needs. */
  requiredBy: "seed" | "edit";
  neededFor: string;
  /** What stops working when the member lacks it, for the connect dialog's checklist. */
  blocksWhenMissing: string;
}

export const PERMISSION_CATALOG: readonly PermissionDefinition[] = [
  {
    name: "Companies > Company Maintenance > Inquire",
    module: "Companies",
    area: "Company Maintenance",
    level: "Inquire",
    requiredBy: "seed",
    neededFor: "reading ConnectWise companies to map each organization to one",
    blocksWhenMissing: "The customer dropdown in the mapping table stays empty, so no organization can be mapped.",
  },
  {
    name: "Finance > Agreements > Inquire",
    module: "Finance",
    area: "Agreements",
    level: "Inquire",
    requiredBy: "seed",
    neededFor: "listing each company's agreements and reading their additions",
    blocksWhenMissing: "The agreement dropdown stays empty and no organization can be synchronized.",
  },
  {
    name: "Finance > Agreements > Add",
    module: "Finance",
    area: "Agreements",
    level: "Add",
    requiredBy: "seed",
    neededFor: "creating agreement additions for products an organization uses",
    blocksWhenMissing: "Synchronization cannot add new products to agreements.",
  },
  {
    name: "Finance > Agreements > Edit",
    module: "Finance",
    area: "Agreements",
    level: "Edit",
    requiredBy: "edit",
    neededFor: "changing the quantity or price of existing additions and cancelling them",
    blocksWhenMissing:
      "Synchronization cannot change quantities of existing additions or cancel them when usage stops.",
  },
  {
    name: "Procurement > Product Catalog > Inquire",
    module: "Procurement",
    area: "Product Catalog",
    level: "Inquire",
    requiredBy: "seed",
    neededFor: "finding the vendor's products in the ConnectWise product catalog",
    blocksWhenMissing: "The product catalog cannot be synchronized, and with it no agreement addition.",
  },
  {
    name: "Procurement > Product Catalog > Add",
    module: "Procurement",
    area: "Product Catalog",
    level: "Add",
    requiredBy: "seed",
    neededFor: "creating catalog items for the vendor's products",
    blocksWhenMissing: "New vendor products cannot be published to the ConnectWise catalog.",
  },
  {
    name: "Procurement > Product Catalog > Edit",
    module: "Procurement",
    area: "Product Catalog",
    level: "Edit",
    requiredBy: "edit",
    neededFor: "updating names, descriptions and prices of catalog items already published",
    blocksWhenMissing:
      "Changes to vendor products (name, description, price) are not applied to existing catalog items.",
  },
  {
    name: "System > Table Setup > Inquire",
    module: "System",
    area: "Table Setup",
    level: "Inquire",
    requiredBy: "seed",
    neededFor: "reading product types, categories, subcategories and units of measure",
    blocksWhenMissing: "The catalog settings (product type, category, subcategory, unit of measure) cannot be chosen.",
  },
];

export function findPermissionDefinition(name: string): PermissionDefinition | undefined {
  return PERMISSION_CATALOG.find((permission) => permission.name.toLowerCase() === name.toLowerCase());
}

// Product setup tables read while configuring the catalog sit under System > Table Setup. Company
// statuses/types are read with companies and agreement types/billing cycles with agreements, so they follow
// those modules (the sandbox decides the same way; ConnectWise does not document it).
const TABLE_SETUP_PREFIXES = [
  "/procurement/types",
  "/procurement/categories",
  "/procurement/subcategories",
  "/procurement/unitofmeasures",
  "/procurement/manufacturers",
];

function hasPrefix(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + "/");
}

function levelForMethod(method: string): "Inquire" | "Add" | "Edit" | null {
  switch (method.toUpperCase()) {
    case "GET":
    case "HEAD":
      return "Inquire";
    case "POST":
      return "Add";
    case "PUT":
    case "PATCH":
      return "Edit";
    default:
      return null;
  }
}

/**
 * The permission a request needs, so that a 403 can name exactly what is missing. `path` is relative to the
 * API base (`/finance/agreements/12/additions`). Returns null for requests outside the catalog above
 * (deletes, `/system/info`, which any member may call).
 */
export function findRequiredPermission(method: string, path: string): PermissionName | null {
  const normalizedPath = ("/" + path.split("?")[0].replace(/^\/+/, "")).toLowerCase();
  const level = levelForMethod(method);
  if (level === null) return null;
  if (TABLE_SETUP_PREFIXES.some((prefix) => hasPrefix(normalizedPath, prefix))) {
    return level === "Inquire" ? "System > Table Setup > Inquire" : null;
  }
  if (hasPrefix(normalizedPath, "/company/companies")) {
    return level === "Inquire" ? "Companies > Company Maintenance > Inquire" : null;
  }
  if (hasPrefix(normalizedPath, "/finance/agreements") || hasPrefix(normalizedPath, "/finance/billingcycles")) {
    return `Finance > Agreements > ${level}`;
  }
  if (hasPrefix(normalizedPath, "/procurement/catalog")) {
    return `Procurement > Product Catalog > ${level}`;
  }
  return null;
}

/** A permission name ConnectWise (or the sandbox) wrote in a 403 body, if it is one we know. */
export function findPermissionNamedInText(text: string | null | undefined): PermissionName | null {
  if (!text) return null;
  const normalized = text.replace(/\s*>\s*/g, " > ").toLowerCase();
  for (const permission of PERMISSION_CATALOG) {
    if (normalized.includes(permission.name.toLowerCase())) return permission.name;
  }
  return null;
}
