// Every behaviour the sandbox had to pick for a point that REFERENCE.md marks UNCONFIRMED (or that no
// source covers) lives here, so that a discovery about real ConnectWise is a one-line change.
// README.md ("UNCONFIRMED choices") lists each one with its reason; keep the two in step.
// The query engine's own choices (paging limits, like wildcards, ...) live in sandbox/query/.

// ---------------------------------------------------------------------------------------------
// Discovery and headers
// ---------------------------------------------------------------------------------------------

export const CODEBASE = "v2025_8/";
export const LEGACY_CODEBASE = "v4_6_release/";
export const API_VERSION = "2025.8";
export const COMPANY_INFO_VERSION_NUMBER = "v4.6.12345";
export const COMPANY_INFO_IS_CLOUD = "True";
// `SiteUrl` is only seen in third-party mocks: the sandbox does not send it.
export const COMPANY_INFO_INCLUDES_SITE_URL = false;
// Login company ids are matched case-insensitively (in companyinfo and in the Basic username).
export const COMPANY_ID_CASE_SENSITIVE = false;
// Exact Content-Type of API responses is unconfirmed; companyinfo was seen with this one.
export const RESPONSE_CONTENT_TYPE = "application/json; charset=utf-8";
export const API_CURRENT_VERSION_HEADER_VALUE = API_VERSION;
export const SERVER_NAME_HEADER_VALUE = "cw-sandbox-api-01";
// URL paths are matched case-insensitively (IIS/Web API behaviour) and with or without a trailing slash.
export const PATHS_CASE_INSENSITIVE = true;
// A versioned Accept header whose version is not `YYYY.N` is refused with 400 (a client bug worth seeing).
export const REJECT_MALFORMED_ACCEPT_VERSION = true;

// ---------------------------------------------------------------------------------------------
// Authentication and security roles
// ---------------------------------------------------------------------------------------------

// Missing or unknown clientId: REFERENCE §2 says "most likely 401/403"; the sandbox picks 401.
export const CLIENT_ID_MISSING_STATUS = 401;
export const CLIENT_ID_MISSING_BODY = { code: "Unauthorized", message: "A clientId header is required.", errors: null };
export const CLIENT_ID_UNKNOWN_BODY = {
  code: "Unauthorized",
  message: "The clientId is not recognized.",
  errors: null,
};
// The default clientId is fixed (not random) so a demo can be configured once.
export const DEFAULT_CLIENT_ID = "2b7e151e-9c4a-4f3e-8a61-5d0c9b1e7a42";
export const UNAUTHORIZED_BODY = {
  code: "Unauthorized",
  message: "Supplied authentication is incorrect.",
  errors: null,
};
// With `emulateCloud404OnBadAuth`, a bad company/keys answers like a cloud front door: 404, empty body.
export const CLOUD_BAD_AUTH_STATUS = 404;
// 403 body shape is unconfirmed; the message is S4's sentence and deliberately does not name the
// missing permission (real ConnectWise is not known to), so clients must infer it from the call.
export const FORBIDDEN_BODY = {
  code: "Forbidden",
  message: "Improper security role settings for the supplied authentication.",
  errors: null,
};
// Module that governs each resource. Company statuses/types sit with companies (they are served under
// /company/companies and read together with them); agreement types and billing cycles sit with
// agreements (served under /finance); the product tables sit in Table Setup as the issue asks, even
// though S4 says setup tables answer inquiries without Table Setup rights.
export const COMPANY_SETUP_TABLES_MODULE = "Companies > Company Maintenance";
export const AGREEMENT_SETUP_TABLES_MODULE = "Finance > Agreements";
export const PRODUCT_SETUP_TABLES_MODULE = "System > Table Setup";
// Additions and adjustments are managed from the agreement.
export const AGREEMENT_CHILDREN_MODULE = "Finance > Agreements";

// ---------------------------------------------------------------------------------------------
// Error bodies
// ---------------------------------------------------------------------------------------------

export const NOT_FOUND_CODE = "NotFound";
export function describeRecordNotFound(label: string, id: number | string): string {
  return `${label} with id ${id} was not found.`;
}
export const UNKNOWN_ROUTE_BODY = { code: "NotFound", message: "The requested resource was not found.", errors: null };
export function describeMethodNotAllowed(method: string): string {
  return `The requested resource does not support http method '${method}'.`;
}
export const METHOD_NOT_ALLOWED_CODE = "MethodNotAllowed";
export const INTERNAL_ERROR_BODY = {
  code: "UnexpectedError",
  message: "An unexpected error has occurred.",
  errors: null,
};
// Bundles: semantics undocumented, the sandbox refuses them plainly (501 so nobody mistakes it for a
// missing route).
export const BUNDLES_STATUS = 501;
export const BUNDLES_BODY = {
  code: "NotImplemented",
  message: "Bundled requests (/system/bundles) are not supported by the ConnectWise sandbox.",
  errors: null,
};
// Every JSON error body except 429 carries `errors` (null when there are no item errors), as S4's
// `{"code":"Security",...,"errors":null}` does.
export const INVALID_JSON_BODY = {
  code: "InvalidObject",
  message: "The request body is not valid JSON.",
  errors: null,
};
export const TOO_MANY_REQUESTS_ERROR = "ConnectWiseAPI";
export function describeTooManyRequests(seconds: number): string {
  return `Too many requests. Please try again in ${seconds} seconds.`;
}
// Retry-After used by failNext(n, "429") so deterministic tests do not wait 30 s.
export const FAIL_NEXT_RETRY_AFTER_SECONDS = 1;
// Record in use (e.g. a catalog item still referenced by an addition): ConnectWise documents 409.
export const IN_USE_STATUS = 409;
export function describeInUse(label: string, id: number): string {
  return `${label} with id ${id} is in use and cannot be deleted.`;
}
export const IN_USE_CODE = "ObjectInUse";

// Item-level validation codes. Observed: MissingRequiredField, OutOfRange, ObjectExists, NotFound,
// UnsupportedFormat. The others are the sandbox's own.
export const VALIDATION_CODES = {
  required: "MissingRequiredField",
  maxLength: "OutOfRange",
  enumValue: "InvalidField",
  type: "InvalidField",
  dateTime: "UnsupportedFormat",
  referenceNotFound: "NotFound",
  duplicate: "ObjectExists",
  rule: "InvalidField",
} as const;
export function describeInvalidObject(resource: string): string {
  return `${resource} object is invalid`;
}
export function describeRequired(field: string): string {
  return `The ${field} field is required.`;
}
export function describeMaxLength(field: string, maxLength: number): string {
  return `The field ${field} must be a string with a maximum length of ${maxLength}.`;
}
export function describeReferenceNotFound(field: string): string {
  return `The ${field} was not found.`;
}

// ---------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------

// Properties not in the schema are ignored (JSON deserializers drop them).
export const IGNORE_UNKNOWN_PROPERTIES = true;
// Numbers and booleans sent as strings ("5", "true") are refused rather than coerced.
export const STRICT_SCALAR_TYPES = true;
// Writes to server-computed or system-assigned fields are silently ignored (REFERENCE §5.1 "most
// likely ignored"). Listed per schema; `id` and `_info` are read-only everywhere.
export const READ_ONLY_FIELDS: Record<string, readonly string[]> = {
  Addition: [
    "agreementId",
    "billedQuantity",
    "extPrice",
    "extCost",
    "margin",
    "prorateCost",
    "proratePrice",
    "extendedProrateCost",
    "extendedProratePrice",
    "agreementStatus",
    "uom",
  ],
  Agreement: ["agreementStatus", "nextInvoiceDate"],
  AgreementType: ["connectWiseId"],
  CatalogItem: ["calculatedPrice", "calculatedCost", "connectWiseID"],
  Company: ["dateDeleted", "deletedBy", "mobileGuid"],
  CompanyStatus: ["connectWiseId"],
  CompanyType: ["connectWiseId"],
};
// Company.types can only be set on POST (spec description); PUT/PATCH ignore it.
export const COMPANY_TYPES_ONLY_ON_CREATE = true;
// Spec note: "at least one address field is required" on companies.
export const COMPANY_REQUIRES_ADDRESS_FIELD = true;
export const COMPANY_ADDRESS_FIELDS = ["addressLine1", "addressLine2", "city", "state", "zip", "country"] as const;
// Uniqueness is compared case-insensitively.
export const IDENTIFIERS_CASE_INSENSITIVE = true;
export const DUPLICATE_COMPANY_IDENTIFIER_MESSAGE = "Company ID already in use.";
export function describeDuplicate(field: string, value: string): string {
  return `The ${field} '${value}' is already in use.`;
}
// Setup tables with a single `name` key refuse a second record with the same name.
export const SETUP_TABLE_NAMES_UNIQUE = true;
// References resolve by id; without an id, by `identifier` (companies, catalog items) or `name`
// (setup tables, contacts, ...). An ambiguous name picks the lowest id.
export const RESOLVE_REFERENCES_BY_NATURAL_KEY = true;
// References to tables the sandbox does not model (opportunity, workRole, sla, ...) are stored as sent.
export const PASS_THROUGH_UNMODELLED_REFERENCES = true;
// Catalog: category derived from the subcategory when omitted; a category that does not own the
// subcategory is refused.
export const CATALOG_DERIVES_CATEGORY = true;
export const CATALOG_REFUSES_CATEGORY_MISMATCH = true;
export const CATALOG_DEFAULT_PRODUCT_CLASS = "NonInventory";
// Additions
export const ADDITION_DEFAULT_QUANTITY = 1;
export const ADDITION_BUNDLE_MESSAGE = "Bundle products cannot be added to an agreement as additions.";
// billedQuantity = max(0, quantity - lessIncluded); extPrice = quantity * unitPrice (betterinvoice);
// extCost = quantity * unitCost; margin = extPrice - extCost; money rounded to 2 decimals.
export const MONEY_DECIMALS = 2;
// Re-pointing an addition's product (PUT or PATCH) re-defaults price, cost and description from the
// new catalog item unless the same request sets them (S11).
export const ADDITION_REDEFAULTS_ON_PRODUCT_CHANGE = true;
// PATCH: `op` is case-insensitive, `path` is not; "/quantity" (JSON Pointer form) is an unknown path.
export const PATCH_TOLERATES_LEADING_SLASH = false;
// A sub-path of a reference (e.g. company/identifier) answers 200 without changing anything.
export const PATCH_SUB_PATH_IS_FALSE_200 = true;
// \r and \n in strings become spaces (S4); other control characters are kept.
export const NEWLINES_BECOME_SPACES = true;

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

// Soft-deleted companies (deletedFlag=true) are returned by default lists; filter deletedFlag=false.
export const HIDE_DELETED_COMPANIES = false;
// DELETE /company/companies/{id} soft-deletes (deletedFlag, dateDeleted, deletedBy); it stays readable.
export const COMPANY_DELETE_IS_SOFT = true;
// Deleting an agreement also deletes its additions and adjustments.
export const AGREEMENT_DELETE_CASCADES = true;
// Null and unset properties are left out of responses.
export const OMIT_NULL_PROPERTIES = true;
// `_info` of a record: lastUpdated, updatedBy, dateEntered, enteredBy (+ child hrefs); references get
// `{<kind>_href: absolute URL}`.
// Agreement status: Cancelled if cancelledFlag; Expired if endDate is past and noEndingDateFlag is not
// set; Inactive if startDate is in the future; otherwise Active.

// ---------------------------------------------------------------------------------------------
// Agreement billing cycles, addition dates and proration (what Billbridge's count basis and timing
// rely on; see README "Count basis and timing")
// ---------------------------------------------------------------------------------------------

// An agreement's billing cycle is assumed Monthly, starting on the 1st, in UTC: Billbridge's billing
// periods are calendar months. `billingCycle` is a reference whose values (and a cycle start day
// other than the 1st) are UNCONFIRMED; the sandbox stores it without interpreting it.
export const BILLING_PERIOD = "calendar-month" as const;
// An addition bills from its effectiveDate and stops at its cancelledDate (vendor docs); one whose
// effective and cancelled dates fall in one period bills once. Billing "once per period" therefore
// dates creates on the period's first day and cancels on its last, so a prorating agreement bills the
// whole ended period. The sandbox records both dates as sent and derives nothing from them.
export const ADDITION_DATES_ARE_STORED_AS_SENT = true;
// Proration (agreement prorateFlag / invoiceProratedAdditionsFlag, addition prorateCurrentPeriodFlag)
// is computed by ConnectWise at invoicing; its formula is UNCONFIRMED, so the sandbox leaves the
// prorate* amounts unset rather than invent them, and Billbridge never reads them.
export const COMPUTES_PRORATION = false;

// ---------------------------------------------------------------------------------------------
// Operator defaults
// ---------------------------------------------------------------------------------------------

export const DEFAULT_PORT = 4010;
export const DEFAULT_LOGIN_COMPANY_ID = "billbridge";
export const DEFAULT_RATE_LIMIT_PER_MINUTE: number | null = null;
export const RATE_LIMIT_WINDOW_MS = 60_000;
export const REQUEST_LOG_LIMIT = 50_000;
export const ADMIN_PATH_PREFIX = "/__sandbox";
