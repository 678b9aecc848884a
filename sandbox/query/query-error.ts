// The single place that decides what a rejected query looks like on the wire.
// ConnectWise's exact 400 body for a bad `conditions`/`orderBy`/`fields`/paging value is UNCONFIRMED
// (REFERENCE.md §4 only shows `ErrorResponseMessage {code, message, errors}` for invalid objects),
// so the shape is chosen here, once, and documented in README.md ("UNCONFIRMED choices").

export type QueryParameterName =
  "conditions" | "childConditions" | "customFieldConditions" | "orderBy" | "fields" | "page" | "pageSize" | "pageId";

// Item-level codes: a small vocabulary so the sandbox's answers are predictable.
export type QueryErrorCode =
  | "InvalidSyntax" // lexer / parser failures
  | "UnknownField" // the path does not exist on the resource
  | "InvalidOperator" // operator not usable on that field (or `in` inside childConditions)
  | "InvalidValue" // literal of the wrong type, bad datetime, bad number
  | "NotAllowed"; // e.g. orderBy together with forward-only paging

// Top-level code used by ConnectWise for 400 validation failures (REFERENCE.md §4: `InvalidObject`).
export const QUERY_ERROR_TOP_LEVEL_CODE = "InvalidObject";
// Used as `resource` when the schema was not built by schemaFromOpenApi (hand-made test schemas).
export const QUERY_ERROR_DEFAULT_RESOURCE = "query";

export interface ConnectWiseErrorBody {
  code: string;
  message: string;
  errors: Array<{ code: string; message: string; resource: string; field: string }> | null;
}

export interface QueryErrorDetails {
  parameter: QueryParameterName;
  code: QueryErrorCode;
  // 0-based character offset into the parameter's text, when the problem has a location.
  position?: number;
  resource?: string;
}

export class QueryError extends Error {
  readonly status = 400 as const;
  readonly parameter: QueryParameterName;
  readonly code: QueryErrorCode;
  readonly position: number | undefined;
  readonly resource: string;
  readonly detail: string;

  constructor(detail: string, details: QueryErrorDetails) {
    const where = details.position === undefined ? "" : ` at position ${details.position}`;
    super(`${details.parameter} is invalid: ${detail}${where}.`);
    this.name = "QueryError";
    this.detail = detail;
    this.parameter = details.parameter;
    this.code = details.code;
    this.position = details.position;
    this.resource = details.resource ?? QUERY_ERROR_DEFAULT_RESOURCE;
  }

  toConnectWiseBody(): ConnectWiseErrorBody {
    return {
      code: QUERY_ERROR_TOP_LEVEL_CODE,
      // The full message goes at the top level too: many clients only surface `message`.
      message: this.message,
      errors: [{ code: this.code, message: this.message, resource: this.resource, field: this.parameter }],
    };
  }
}
