// ConnectWise's error body `{code, message, errors}` (schema ErrorResponseMessage) and the statuses
// the sandbox answers with.
import {
  describeInUse,
  describeInvalidObject,
  describeMethodNotAllowed,
  describeRecordNotFound,
  IN_USE_CODE,
  IN_USE_STATUS,
  METHOD_NOT_ALLOWED_CODE,
  NOT_FOUND_CODE,
} from "./choices";
import type { ValidationIssue } from "./validation";

export interface ErrorBody {
  code: string;
  message: string;
  errors: ValidationIssue[] | null;
}

export interface Failure {
  ok: false;
  status: number;
  body: ErrorBody;
}

export function failInvalidObject(resource: string, issues: ValidationIssue[]): Failure {
  return {
    ok: false,
    status: 400,
    body: { code: "InvalidObject", message: describeInvalidObject(resource), errors: issues },
  };
}

export function failNotFound(label: string, id: number | string): Failure {
  return {
    ok: false,
    status: 404,
    body: { code: NOT_FOUND_CODE, message: describeRecordNotFound(label, id), errors: null },
  };
}

export function failInUse(label: string, id: number): Failure {
  return {
    ok: false,
    status: IN_USE_STATUS,
    body: { code: IN_USE_CODE, message: describeInUse(label, id), errors: null },
  };
}

export function failMethodNotAllowed(method: string): Failure {
  return {
    ok: false,
    status: 405,
    body: { code: METHOD_NOT_ALLOWED_CODE, message: describeMethodNotAllowed(method), errors: null },
  };
}
