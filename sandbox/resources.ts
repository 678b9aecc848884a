// The API surface: which spec paths the sandbox serves, what table and schema each uses, which
// security-role module governs it, and path matching. Paths and methods come from the spec extract.
import {
  AGREEMENT_CHILDREN_MODULE,
  AGREEMENT_SETUP_TABLES_MODULE,
  COMPANY_SETUP_TABLES_MODULE,
  PATHS_CASE_INSENSITIVE,
  PRODUCT_SETUP_TABLES_MODULE,
} from "./choices";
import { MODULES } from "./permissions";
import { listSpecPaths } from "./spec";
import type { StoredRecord, TableName } from "./store";

export interface ParentDefinition {
  table: TableName;
  label: string;
  // Does this child record belong to that parent?
  matches(record: StoredRecord, parentId: number): boolean;
  // Sets the parent link on a record being written.
  assign(values: Record<string, unknown>, parentId: number): void;
}

export interface ResourceDefinition {
  name: string;
  collectionTemplate: string; // exactly as in the spec (subcategories keep their trailing slash)
  schema: string; // OpenAPI component of bodies and responses
  label: string; // `resource` in error bodies, e.g. "addition"
  entityLabel: string; // used in 404 messages, e.g. "Addition"
  table: TableName;
  module: string;
  parent?: ParentDefinition;
}

const agreementParent: ParentDefinition = {
  table: "agreements",
  label: "Agreement",
  matches: (record, parentId) => record.agreementId === parentId,
  assign: (values, parentId) => {
    values.agreementId = parentId;
  },
};

const categoryParent: ParentDefinition = {
  table: "categories",
  label: "Category",
  matches: (record, parentId) => (record.category as { id?: number } | undefined)?.id === parentId,
  assign: (values, parentId) => {
    values.category = { id: parentId };
  },
};

export const RESOURCES: readonly ResourceDefinition[] = [
  {
    name: "companies",
    collectionTemplate: "/company/companies",
    schema: "Company",
    label: "company",
    entityLabel: "Company",
    table: "companies",
    module: MODULES.companyMaintenance,
  },
  {
    name: "companyStatuses",
    collectionTemplate: "/company/companies/statuses",
    schema: "CompanyStatus",
    label: "companyStatus",
    entityLabel: "Company status",
    table: "companyStatuses",
    module: COMPANY_SETUP_TABLES_MODULE,
  },
  {
    name: "companyTypes",
    collectionTemplate: "/company/companies/types",
    schema: "CompanyType",
    label: "companyType",
    entityLabel: "Company type",
    table: "companyTypes",
    module: COMPANY_SETUP_TABLES_MODULE,
  },
  {
    name: "agreements",
    collectionTemplate: "/finance/agreements",
    schema: "Agreement",
    label: "agreement",
    entityLabel: "Agreement",
    table: "agreements",
    module: MODULES.agreements,
  },
  {
    name: "agreementTypes",
    collectionTemplate: "/finance/agreements/types",
    schema: "AgreementType",
    label: "agreementType",
    entityLabel: "Agreement type",
    table: "agreementTypes",
    module: AGREEMENT_SETUP_TABLES_MODULE,
  },
  {
    name: "additions",
    collectionTemplate: "/finance/agreements/{parentId}/additions",
    schema: "Addition",
    label: "addition",
    entityLabel: "Addition",
    table: "additions",
    module: AGREEMENT_CHILDREN_MODULE,
    parent: agreementParent,
  },
  {
    name: "adjustments",
    collectionTemplate: "/finance/agreements/{parentId}/adjustments",
    schema: "AgreementAdjustment",
    label: "adjustment",
    entityLabel: "Adjustment",
    table: "adjustments",
    module: AGREEMENT_CHILDREN_MODULE,
    parent: agreementParent,
  },
  {
    name: "billingCycles",
    collectionTemplate: "/finance/billingCycles",
    schema: "BillingCycle",
    label: "billingCycle",
    entityLabel: "Billing cycle",
    table: "billingCycles",
    module: AGREEMENT_SETUP_TABLES_MODULE,
  },
  {
    name: "catalog",
    collectionTemplate: "/procurement/catalog",
    schema: "CatalogItem",
    label: "catalogItem",
    entityLabel: "Catalog item",
    table: "catalog",
    module: MODULES.productCatalog,
  },
  {
    name: "categories",
    collectionTemplate: "/procurement/categories",
    schema: "Category",
    label: "category",
    entityLabel: "Category",
    table: "categories",
    module: PRODUCT_SETUP_TABLES_MODULE,
  },
  {
    name: "categorySubcategories",
    collectionTemplate: "/procurement/categories/{parentId}/subcategories/",
    schema: "LegacySubCategory",
    label: "subCategory",
    entityLabel: "Subcategory",
    table: "subcategories",
    module: PRODUCT_SETUP_TABLES_MODULE,
    parent: categoryParent,
  },
  {
    name: "subcategories",
    collectionTemplate: "/procurement/subcategories/",
    schema: "SubCategory",
    label: "subCategory",
    entityLabel: "Subcategory",
    table: "subcategories",
    module: PRODUCT_SETUP_TABLES_MODULE,
  },
  {
    name: "productTypes",
    collectionTemplate: "/procurement/types",
    schema: "ProductType",
    label: "productType",
    entityLabel: "Product type",
    table: "productTypes",
    module: PRODUCT_SETUP_TABLES_MODULE,
  },
  {
    name: "unitOfMeasures",
    collectionTemplate: "/procurement/unitOfMeasures",
    schema: "UnitOfMeasure",
    label: "unitOfMeasure",
    entityLabel: "Unit of measure",
    table: "unitOfMeasures",
    module: PRODUCT_SETUP_TABLES_MODULE,
  },
  {
    name: "manufacturers",
    collectionTemplate: "/procurement/manufacturers",
    schema: "Manufacturer",
    label: "manufacturer",
    entityLabel: "Manufacturer",
    table: "manufacturers",
    module: PRODUCT_SETUP_TABLES_MODULE,
  },
];

export type RouteKind = "collection" | "count" | "item" | "systemInfo" | "bundles";

export interface Route {
  template: string; // spec template, used in logs and counters
  kind: RouteKind;
  methods: string[];
  resource?: ResourceDefinition;
  segments: string[];
}

export interface RouteMatch {
  route: Route;
  parentId?: number;
  id?: number;
}

function splitPath(path: string): string[] {
  return path.split("/").filter((segment) => segment !== "");
}

function stripTrailingSlash(template: string): string {
  return template.length > 1 ? template.replace(/\/$/, "") : template;
}

function classifyTemplate(template: string): { kind: RouteKind; resource?: ResourceDefinition } | undefined {
  const bare = stripTrailingSlash(template);
  if (bare === "/system/info") return { kind: "systemInfo" };
  if (bare === "/system/bundles" || bare === "/system/bundles/count") return { kind: "bundles" };
  for (const resource of RESOURCES) {
    const collection = stripTrailingSlash(resource.collectionTemplate);
    if (bare === collection) return { kind: "collection", resource };
    if (bare === `${collection}/count`) return { kind: "count", resource };
    if (bare === `${collection}/{id}`) return { kind: "item", resource };
  }
  return undefined;
}

let routes: Route[] | undefined;

export function listRoutes(): Route[] {
  routes ??= listSpecPaths().flatMap(({ template, methods }) => {
    const classified = classifyTemplate(template);
    return classified ? [{ template, methods, segments: splitPath(template), ...classified }] : [];
  });
  return routes;
}

const NUMERIC = /^\d{1,10}$/;

// Matches a path relative to `.../apis/3.0` (case-insensitive, trailing slash optional).
export function matchRoute(path: string): RouteMatch | undefined {
  const segments = splitPath(path);
  for (const route of listRoutes()) {
    if (route.segments.length !== segments.length) continue;
    const match: RouteMatch = { route };
    let matched = true;
    for (let index = 0; index < segments.length && matched; index++) {
      const expected = route.segments[index];
      const actual = segments[index];
      if (expected.startsWith("{")) {
        if (!NUMERIC.test(actual)) matched = false;
        else if (expected === "{parentId}") match.parentId = Number(actual);
        else match.id = Number(actual);
      } else if (PATHS_CASE_INSENSITIVE ? expected.toLowerCase() !== actual.toLowerCase() : expected !== actual) {
        matched = false;
      }
    }
    if (matched) return match;
  }
  return undefined;
}
