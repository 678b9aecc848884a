/**
 * CSV export and import of mappings. Pure: parsing, writing and validating against lookups the caller
 * loads, so an import can be checked line by line before anything is written.
 */

import { mappingImportLimits } from "@/lib/schemas/mapping-import";
import { checkMappingTarget, type AgreementFacts } from "./check-mapping-target";

export const mappingCsvColumns = [
  "organization_id",
  "organization_name",
  "company_id",
  "company_identifier",
  "company_name",
  "agreement_id",
  "agreement_name",
  "sync_enabled",
] as const;

export type MappingCsvColumn = (typeof mappingCsvColumns)[number];

export interface MappingCsvRow {
  organizationExternalId: string;
  organizationName: string;
  companyId: number | null;
  companyIdentifier: string | null;
  companyName: string | null;
  agreementId: number | null;
  agreementName: string | null;
  syncEnabled: boolean;
}

/** Spreadsheet programs run a cell starting with these as a formula; a leading apostrophe defuses it. */
const formulaStart = /^[=+\-@\t\r]/;

function quoteCell(value: string): string {
  const safe = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function unquoteFormula(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

export function formatCsv(rows: ReadonlyArray<readonly string[]>): string {
  return rows.map((row) => row.map(quoteCell).join(",")).join("\r\n") + "\r\n";
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    public readonly line: number,
  ) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; a BOM is ignored. Rows carry their first line number. */
export function parseCsv(text: string): Array<{ line: number; cells: string[] }> {
  const source = text.replace(/^\uFEFF/, "");
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let cellStarted = false;
  for (let index = 0; index < source.length; index++) {
    const character = source[index]!;
    if (quoted) {
      if (character === '"') {
        if (source[index + 1] === '"') {
          cell += '"';
          index++;
        } else {
          quoted = false;
          const next = source[index + 1];
          if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
            throw new CsvSyntaxError("A closing quote must end the field", line);
          }
        }
      } else {
        if (character === "\n") line++;
        cell += character;
      }
      continue;
    }
    if (character === '"' && !cellStarted) {
      quoted = true;
      cellStarted = true;
    } else if (character === '"') {
      throw new CsvSyntaxError("A quote inside an unquoted field; put the field in quotes and double the quote", line);
    } else if (character === ",") {
      cells.push(cell);
      cell = "";
      cellStarted = false;
    } else if (character === "\n" || character === "\r") {
      if (character === "\r" && source[index + 1] === "\n") index++;
      cells.push(cell);
      if (cells.length > 1 || cells[0] !== "") rows.push({ line: rowLine, cells });
      cells = [];
      cell = "";
      cellStarted = false;
      line++;
      rowLine = line;
    } else {
      cell += character;
      cellStarted = true;
    }
  }
  if (quoted) throw new CsvSyntaxError("A quoted field is never closed", rowLine);
  if (cellStarted || cells.length > 0) {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
  }
  return rows;
}

export function formatMappingsCsv(rows: readonly MappingCsvRow[]): string {
  return formatCsv([
    [...mappingCsvColumns],
    ...rows.map((row) => [
      row.organizationExternalId,
      row.organizationName,
      row.companyId === null ? "" : String(row.companyId),
      row.companyIdentifier ?? "",
      row.companyName ?? "",
      row.agreementId === null ? "" : String(row.agreementId),
      row.agreementName ?? "",
      row.syncEnabled ? "true" : "false",
    ]),
  ]);
}

/** What the import needs to know about the workspace, loaded by the caller. */
export interface MappingImportLookups {
  organizationsByExternalId: ReadonlyMap<string, { id: string; name: string }>;
  companiesById: ReadonlyMap<number, { identifier: string; name: string }>;
  /** Keyed by lower-cased identifier. */
  companiesByIdentifier: ReadonlyMap<string, { id: number; name: string }>;
  agreementsById: ReadonlyMap<number, AgreementFacts>;
}

export interface MappingImportChange {
  line: number;
  organizationId: string;
  company: { id: number; identifier: string; name: string } | null;
  agreement: { id: number; name: string } | null;
  syncEnabled: boolean;
}

export interface MappingImportError {
  line: number;
  message: string;
}

const MAX_IMPORT_ROWS = mappingImportLimits.maxLines;

function parseWholeNumber(value: string): number | null | "invalid" {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  if (!/^\d{1,10}$/.test(trimmed)) return "invalid";
  const number = Number(trimmed);
  return number > 0 && Number.isSafeInteger(number) ? number : "invalid";
}

function parseFlag(value: string): boolean | "invalid" {
  const trimmed = value.trim().toLowerCase();
  if (["", "false", "no", "0", "off"].includes(trimmed)) return false;
  if (["true", "yes", "1", "on"].includes(trimmed)) return true;
  return "invalid";
}

/**
 * Checks every line of an import file and returns the changes it asks for, or every error with its
 * line number. The caller applies nothing when there is any error. Columns are found by header name;
 * organization_id and at least one of company_id/company_identifier are required, the rest optional.
 */
export function validateMappingImport(
  text: string,
  lookups: MappingImportLookups,
): { changes: MappingImportChange[]; errors: MappingImportError[] } {
  let rows: Array<{ line: number; cells: string[] }>;
  try {
    rows = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { changes: [], errors: [{ line: error.line, message: error.message }] };
    throw error;
  }
  const [header, ...body] = rows;
  if (!header)
    return {
      changes: [],
      errors: [{ line: 1, message: "The file is empty: expected a header line and one line per organization" }],
    };
  const columns = header.cells.map((cell) => cell.trim().toLowerCase());
  const position = (column: MappingCsvColumn) => columns.indexOf(column);
  const unknown = columns.filter(
    (column) => column !== "" && !(mappingCsvColumns as readonly string[]).includes(column),
  );
  const errors: MappingImportError[] = [];
  if (unknown.length > 0)
    errors.push({
      line: header.line,
      message: `Unknown column ${unknown.map((column) => `"${column}"`).join(", ")}; expected ${mappingCsvColumns.join(", ")}`,
    });
  if (position("organization_id") < 0)
    errors.push({ line: header.line, message: "The header has no organization_id column" });
  if (position("company_id") < 0 && position("company_identifier") < 0)
    errors.push({ line: header.line, message: "The header needs a company_id or company_identifier column" });
  if (errors.length > 0) return { changes: [], errors };
  if (body.length > MAX_IMPORT_ROWS)
    return {
      changes: [],
      errors: [
        {
          line: header.line,
          message: `The file has ${body.length} lines; at most ${MAX_IMPORT_ROWS} are accepted at once`,
        },
      ],
    };

  const changes: MappingImportChange[] = [];
  const seen = new Map<string, number>();
  for (const row of body) {
    const read = (column: MappingCsvColumn) => {
      const at = position(column);
      return at < 0 ? "" : unquoteFormula((row.cells[at] ?? "").trim());
    };
    const fail = (message: string) => errors.push({ line: row.line, message });
    if (row.cells.length > columns.length) {
      fail(`${row.cells.length} fields but the header has ${columns.length}`);
      continue;
    }
    const externalId = read("organization_id");
    const organization = externalId ? lookups.organizationsByExternalId.get(externalId) : undefined;
    if (!externalId) {
      fail("organization_id is empty");
      continue;
    }
    if (!organization) {
      fail(`No organization with id "${externalId}" in this workspace`);
      continue;
    }
    const earlier = seen.get(externalId);
    if (earlier !== undefined) {
      fail(`Organization "${externalId}" is already on line ${earlier}`);
      continue;
    }
    seen.set(externalId, row.line);

    const companyIdValue = parseWholeNumber(read("company_id"));
    const identifier = read("company_identifier");
    const agreementIdValue = parseWholeNumber(read("agreement_id"));
    const sync = parseFlag(read("sync_enabled"));
    if (companyIdValue === "invalid" || agreementIdValue === "invalid" || sync === "invalid") {
      if (companyIdValue === "invalid")
        fail(`company_id "${read("company_id")}" is not a ConnectWise company id (a whole number)`);
      if (agreementIdValue === "invalid")
        fail(`agreement_id "${read("agreement_id")}" is not a ConnectWise agreement id (a whole number)`);
      if (sync === "invalid") fail(`sync_enabled "${read("sync_enabled")}" must be true or false`);
      continue;
    }

    let company: MappingImportChange["company"] = null;
    if (companyIdValue !== null) {
      const found = lookups.companiesById.get(companyIdValue);
      if (!found) {
        fail(
          `ConnectWise company ${companyIdValue} is not in the company directory (deleted, or refresh the directory)`,
        );
        continue;
      }
      if (identifier && identifier.toLowerCase() !== found.identifier.toLowerCase()) {
        fail(`company_id ${companyIdValue} is "${found.identifier}", not "${identifier}"`);
        continue;
      }
      company = { id: companyIdValue, identifier: found.identifier, name: found.name };
    } else if (identifier) {
      const found = lookups.companiesByIdentifier.get(identifier.toLowerCase());
      if (!found) {
        fail(`No ConnectWise company with identifier "${identifier}" in the company directory`);
        continue;
      }
      company = { id: found.id, identifier, name: found.name };
    }

    const found = agreementIdValue === null ? null : lookups.agreementsById.get(agreementIdValue);
    const problem = checkMappingTarget(
      { companyId: company?.id ?? null, agreementId: agreementIdValue, syncEnabled: sync },
      { company, agreement: found },
    );
    if (problem) {
      fail(
        problem.code === "agreement-without-company"
          ? "An agreement needs a company on the same line"
          : problem.message,
      );
      continue;
    }
    const agreement: MappingImportChange["agreement"] =
      found && agreementIdValue !== null ? { id: agreementIdValue, name: found.name } : null;
    changes.push({ line: row.line, organizationId: organization.id, company, agreement, syncEnabled: sync });
  }
  if (body.length === 0) errors.push({ line: header.line, message: "The file has a header but no organizations" });
  return errors.length > 0 ? { changes: [], errors } : { changes, errors };
}
